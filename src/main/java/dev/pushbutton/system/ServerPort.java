package dev.pushbutton.system;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.Locale;
import org.springframework.core.env.Environment;

/**
 * The web server's port, tried before anything starts, and the words for a port that cannot be
 * opened (also used by {@link PortFailureAnalyzer} when the web server finds out itself).
 */
final class ServerPort {
  private static final String CHOOSE_ANOTHER =
      "Start Pushbutton with --server.port=<a free port> (or SERVER_PORT in its environment)";

  private ServerPort() {}

  /**
   * Binds the port as the web server will, and lets it go at once. The web server would find out
   * too, but only once everything else has started: by then a second server started by mistake on
   * the same data directory has already migrated the first one's database.
   *
   * @throws CannotStartException when the port is taken or refused
   */
  static void check(Environment environment) {
    int port = environment.getProperty("server.port", Integer.class, 8080);
    if (port <= 0) {
      return; // 0: any free port; -1: no web server
    }
    String address = environment.getProperty("server.address");
    // The same socket options as Tomcat's (SO_REUSEADDR, as Java sets for every server socket).
    try (ServerSocketChannel channel = ServerSocketChannel.open()) {
      channel.bind(
          address == null
              ? new InetSocketAddress(port)
              : new InetSocketAddress(InetAddress.getByName(address), port));
    } catch (BindException e) {
      throw e.getMessage() != null && e.getMessage().contains("in use")
          ? taken(port)
          : refused(Integer.toString(port), address, e);
    } catch (IOException e) {
      // An address that does not resolve, say: Spring Boot's own check of server.address says so.
    }
  }

  static CannotStartException taken(int port) {
    return new CannotStartException(
        "port " + port + " is already in use (set server.port or stop the other program)",
        CHOOSE_ANOTHER + ", or stop the program that listens on port " + port + ".");
  }

  static CannotStartException refused(String port, String address, BindException e) {
    String reason =
        e.getMessage() == null || e.getMessage().isBlank()
            ? "the operating system refused"
            : e.getMessage().substring(0, 1).toLowerCase(Locale.ROOT) + e.getMessage().substring(1);
    return new CannotStartException(
        "port "
            + port
            + (address == null ? "" : " on " + address)
            + " cannot be opened ("
            + reason
            + ")",
        CHOOSE_ANOTHER
            + "; ports below 1024 need root or the CAP_NET_BIND_SERVICE capability, and"
            + " server.address must be one of this machine's addresses.");
  }
}
