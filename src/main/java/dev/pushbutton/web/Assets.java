package dev.pushbutton.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.CacheControl;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

/**
 * The pages' scripts, styles and icon at addresses that name their version, {@code
 * /assets/<version>/js/app.js}, which a browser keeps for a year without asking again. The version
 * is a hash of every asset the build serves (the contents of {@code static/}, the names of the
 * WebJars' files, which carry their own version), so a new build gives new addresses and no page is
 * ever handed a stale copy. Every template (the error pages' too) writes {@code
 * |${assets}/js/app.js|}.
 *
 * <p>Without it each page asked again for every asset it uses ({@code no-cache}, a 304 each time):
 * a round trip per file before the page could run its script, which on the run page came on top of
 * the log viewer's modules and the end of the log, all over the six connections a browser opens to
 * one server. The plain addresses ({@code /js/app.js}) still answer as before. The log viewer's
 * modules import each other by relative address, so they stay under one version without knowing it.
 */
@Component
class Assets implements WebMvcConfigurer {
  private static final String STATIC = "classpath:/static/";
  private static final String WEBJARS = "classpath:/META-INF/resources/webjars/";

  private final String base;

  /**
   * @param templates where the version reaches every template as {@code assets} (a template may not
   *     call a bean in an address since Thymeleaf 3.1.4)
   */
  Assets(ThymeleafViewResolver templates) {
    this.base = "/assets/" + version();
    templates.addStaticVariable("assets", base);
  }

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    var forAYear = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();
    registry
        .addResourceHandler(base + "/webjars/**")
        .addResourceLocations(WEBJARS)
        .setCacheControl(forAYear)
        .resourceChain(true)
        .addResolver(new LiteWebJarsResourceResolver());
    registry
        .addResourceHandler(base + "/**")
        .addResourceLocations(STATIC)
        .setCacheControl(forAYear)
        .resourceChain(true);
  }

  /** Twelve hex digits of a SHA-256 over what the build serves, in a fixed order. */
  private static String version() {
    try {
      var files = new TreeMap<String, Resource>();
      collect(STATIC, files);
      collect(WEBJARS, files);
      var digest = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, Resource> file : files.entrySet()) {
        digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
        if (file.getKey().startsWith("static/")) {
          try (InputStream in = file.getValue().getInputStream()) {
            digest.update(in.readAllBytes());
          }
        }
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 6);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the pages' assets", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The files under a location, by their path from "static/" or "webjars/". */
  private static void collect(String location, Map<String, Resource> files) throws IOException {
    var resolver = new PathMatchingResourcePatternResolver();
    String folder = location.substring(location.lastIndexOf('/', location.length() - 2) + 1);
    String root = resolver.getResource(location).getURL().toString();
    for (Resource resource : resolver.getResources(location + "**")) {
      String url = resource.getURL().toString();
      if (url.startsWith(root) && !url.endsWith("/") && resource.isReadable()) {
        files.put(folder + url.substring(root.length()), resource);
      }
    }
  }
}
