package dev.pushbutton.audit;

import dev.pushbutton.security.User;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail: who did what, when, from where. Entries are only ever added, each chained to the
 * one before by its hash ({@link HashChain}), and read back newest first or checked from the first.
 *
 * <p>{@link #record} is what a listener calls: it finds the time and, when the call comes during a
 * request, the client's address itself. What goes into the details is the caller's to choose and
 * must never be a secret: no password, hash, token or secret parameter value.
 */
public final class AuditTrail {
  /** The actor of the server's own actions; {@code security} lets no user have this name. */
  public static final String SERVER = User.SERVER;

  static final int PAGE = 500;
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

  private final AuditStore store;
  private final Clock clock;
  // Keys in order, so the same details always read the same (the text is what is hashed).
  private final JsonMapper json =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
  // Appends from one node queue here rather than race each other through the primary key;
  // other nodes still can, and the store handles that.
  private final ReentrantLock appending = new ReentrantLock();

  public AuditTrail(AuditStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Adds an entry, for a listener to call once the thing has happened. It never throws: what
   * happened is not undone by a failure to write it down (a database locked past its busy timeout),
   * so such an entry goes to the log instead, at ERROR, with everything it would have held.
   *
   * @param actor who did it: a user name, or {@link #SERVER}
   * @param target what it was done to: a run id, a user name, a token id, a file; null if nothing
   * @param details a few facts about it (strings, numbers, lists, maps); never a secret
   */
  public void record(String actor, AuditAction action, String target, Map<String, ?> details) {
    try {
      append(actor, action, target, details);
    } catch (RuntimeException e) {
      LOG.error(
          "audit trail: could not record {} by '{}' on '{}' from {} with {}",
          action.apiName(),
          actor,
          target,
          clientAddress(),
          details,
          e);
    }
  }

  /** Adds an entry and answers it as stored; throws when it cannot. */
  AuditEntry append(String actor, AuditAction action, String target, Map<String, ?> details) {
    String address = clientAddress();
    String text = json.writeValueAsString(details == null ? Map.of() : details);
    appending.lock();
    try {
      var draft =
          new AuditStore.Draft(
              clock.instant().truncatedTo(ChronoUnit.MILLIS),
              actor,
              action.apiName(),
              target,
              text,
              address);
      return store.append(draft);
    } finally {
      appending.unlock();
    }
  }

  /** A page of entries, newest first. */
  public List<AuditEntry> list(AuditQuery query) {
    return store.list(query);
  }

  /**
   * Every entry {@code query} matches, newest first, whatever its limit, read a page at a time so
   * that a long trail is never held in memory.
   */
  public void forEach(AuditQuery query, Consumer<AuditEntry> each) {
    AuditQuery page = query.withLimit(PAGE);
    while (true) {
      List<AuditEntry> entries = store.list(page);
      entries.forEach(each);
      if (entries.size() < PAGE) {
        return;
      }
      page = page.withBefore(entries.getLast().id());
    }
  }

  /** Walks the whole chain from its first entry: does every link hold? */
  public ChainCheck verify() {
    return ChainCheck.of(store, PAGE);
  }

  /**
   * The address of the client whose request is being answered on this thread; null when there is
   * none (the server's own actions). Behind a proxy it is the address Tomcat took from {@code
   * X-Forwarded-For}, if {@code server.forward-headers-strategy} trusts the proxy that sent it.
   */
  private static String clientAddress() {
    if (RequestContextHolder.getRequestAttributes()
        instanceof ServletRequestAttributes attributes) {
      HttpServletRequest request = attributes.getRequest();
      return request.getRemoteAddr();
    }
    return null;
  }
}
