package dev.pushbutton.system;

import dev.pushbutton.PushbuttonApplication;
import dev.pushbutton.catalog.CatalogLoader;
import dev.pushbutton.output.IoReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Checks the ground before anything stands on it: the data directory (and its {@code runs}) can be
 * created and written, the catalog can be read and is valid, and the web server's port is free. It
 * runs as soon as the application context exists, before it is refreshed, so on bad ground neither
 * the web server nor the database has started, nothing needs stopping, and the console shows the
 * one sentence that says what is wrong (see {@link CannotStartFailureAnalyzer}). Registered in
 * {@code META-INF/spring.factories}.
 */
class StartupCheck implements ApplicationListener<ApplicationContextInitializedEvent> {

  @Override
  public void onApplicationEvent(ApplicationContextInitializedEvent event) {
    // Listeners in spring.factories hear every application in the JVM: the tests' OpenID provider
    // is one, and has no data directory to check.
    if (!event.getSpringApplication().getAllSources().contains(PushbuttonApplication.class)) {
      return;
    }
    ConfigurableApplicationContext context = event.getApplicationContext();
    // The settings as their beans will see them (relaxed names, defaults); bound by hand since no
    // bean exists yet.
    PushbuttonProperties properties =
        Binder.get(context.getEnvironment()).bindOrCreate("pushbutton", PushbuttonProperties.class);
    DataDirectory.prepare(properties.dataDir());
    if (properties.catalog() != null) {
      checkCatalog(properties.catalog());
    }
    if (context instanceof WebServerApplicationContext) {
      ServerPort.check(context.getEnvironment());
    }
  }

  private static void checkCatalog(Path file) {
    Path path = file.toAbsolutePath();
    // Opening a directory succeeds on Linux; only reading it fails, and not everywhere alike.
    if (Files.isDirectory(path)) {
      throw cannotRead(path, "it is a directory");
    }
    try (InputStream in = Files.newInputStream(path)) {
      in.read();
    } catch (IOException e) {
      throw cannotRead(path, IoReason.of(e));
    }
    // Its bean parses it again: a millisecond's work, so that a catalog with a mistake also stops
    // the start before anything else begins, with the loader's message naming the line and the job.
    CatalogLoader.load(file);
  }

  private static CannotStartException cannotRead(Path path, String reason) {
    return new CannotStartException(
        "the catalog " + path + " cannot be read (" + reason + ")",
        "Set pushbutton.catalog to a catalog file that the user Pushbutton runs as can read.");
  }
}
