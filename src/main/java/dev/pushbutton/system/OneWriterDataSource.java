package dev.pushbutton.system;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * SQLite's connections, one writer at a time inside the server. SQLite lets one connection write at
 * once; a second writer is answered {@code SQLITE_BUSY} and its busy handler sleeps in native code
 * (1, 2, 5, 10 ms and longer) before it tries again. Traced under back-to-back run starts: 300
 * requests met 500 such sleeps, and a virtual thread sleeping in native code holds its carrier, so
 * on two cores two waiting writers stalled every request and stream in the server. Here a writer
 * waits for the others on a {@link Semaphore} instead: a virtual thread parks, SQLite is never
 * asked while another of our connections writes, and readers (WAL) go on as before.
 *
 * <p>A statement writes unless its text starts with {@code select}, {@code with}, {@code explain}
 * or {@code values}. Outside a transaction the lock is held while the statement runs; inside one,
 * from its first write until the commit, the rollback or the connection's return to the pool. A
 * writer that cannot have the lock within the busy timeout gets what SQLite would have said, a
 * {@code SQLITE_BUSY} error, which becomes a {@code 503}.
 */
final class OneWriterDataSource implements DataSource, AutoCloseable {
  private static final Set<String> READS = Set.of("select", "with", "explain", "values");
  private static final Set<String> STATEMENT_RUNS =
      Set.of(
          "execute",
          "executeQuery",
          "executeUpdate",
          "executeLargeUpdate",
          "executeBatch",
          "executeLargeBatch");

  private final DataSource pool;
  private final long waitNanos;
  // A semaphore, not a lock: a transaction's permit may be returned by whichever thread commits it.
  private final Semaphore writing = new Semaphore(1);

  OneWriterDataSource(DataSource pool, Duration wait) {
    this.pool = pool;
    this.waitNanos = wait.toNanos();
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection(pool.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return connection(pool.getConnection(username, password));
  }

  private Connection connection(Connection delegate) {
    return (Connection)
        Proxy.newProxyInstance(
            OneWriterDataSource.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new OneWriterConnection(delegate));
  }

  static boolean writes(String sql) {
    String text = sql.stripLeading();
    int end = 0;
    while (end < text.length() && Character.isLetter(text.charAt(end))) {
      end++;
    }
    return !READS.contains(text.substring(0, end).toLowerCase(Locale.ROOT));
  }

  /** One connection: knows whether it holds the lock for a transaction under way. */
  private final class OneWriterConnection implements InvocationHandler {
    private final Connection delegate;
    private boolean holding; // the lock, for this connection's open transaction

    OneWriterConnection(Connection delegate) {
      this.delegate = delegate;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      Object result;
      try {
        result = method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        if (name.equals("close")) {
          release();
        }
        throw e.getCause();
      }
      switch (name) {
        case "prepareStatement" ->
            result = statement(PreparedStatement.class, (Statement) result, (String) args[0]);
        case "prepareCall" ->
            result = statement(CallableStatement.class, (Statement) result, (String) args[0]);
        case "createStatement" -> result = statement(Statement.class, (Statement) result, null);
        case "commit", "rollback", "close" -> {
          if (args == null || name.equals("close")) { // not a rollback to a savepoint
            release();
          }
        }
        case "setAutoCommit" -> {
          if ((Boolean) args[0]) {
            release(); // committed, by the JDBC contract
          }
        }
        case "unwrap" -> {
          if (args[0] == Connection.class) {
            result = proxy;
          }
        }
        default -> {}
      }
      return result;
    }

    private Object statement(Class<? extends Statement> type, Statement statement, String sql) {
      return Proxy.newProxyInstance(
          OneWriterDataSource.class.getClassLoader(),
          new Class<?>[] {type},
          (proxy, method, args) -> {
            if (!STATEMENT_RUNS.contains(method.getName())) {
              return call(statement, method, args);
            }
            String text = args != null && args.length > 0 && args[0] instanceof String s ? s : sql;
            boolean write = text == null || writes(text); // a batch of unknown statements: writes
            if (!write) {
              return call(statement, method, args);
            }
            if (!delegate.getAutoCommit()) {
              if (!holding) {
                acquire();
                holding = true;
              }
              return call(statement, method, args);
            }
            acquire();
            try {
              return call(statement, method, args);
            } finally {
              writing.release();
            }
          });
    }

    private void release() {
      if (holding) {
        holding = false;
        writing.release();
      }
    }
  }

  private void acquire() throws SQLException {
    try {
      if (!writing.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
        throw new SQLException(
            "[SQLITE_BUSY] The database file is locked (another of the server's connections has"
                + " been writing for longer than the busy timeout)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting to write", e);
    }
  }

  private static Object call(Statement statement, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(statement, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public void close() throws Exception {
    if (pool instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || pool.isWrapperFor(type);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return pool.getParentLogger();
  }
}
