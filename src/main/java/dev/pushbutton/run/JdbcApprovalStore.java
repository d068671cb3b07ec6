package dev.pushbutton.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Decisions in the {@code run_approvals} table, keyed by run and user name; the same SQL serves
 * SQLite and PostgreSQL. The key makes "one decision per person per run" hold across nodes.
 */
public final class JdbcApprovalStore implements ApprovalStore {
  private static final String COLUMNS = "run_id, username, decision, comment, decided_at";

  private final JdbcClient jdbc;

  public JdbcApprovalStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Recorded record(Decision decision) {
    // One statement: a run that left awaiting_approval meanwhile, on any node, takes no decision;
    // "on conflict do nothing" turns a second decision of the same person into a count of 0.
    int added =
        jdbc.sql(
                "insert into run_approvals ("
                    + COLUMNS
                    + ") select :runId, :by, :verdict, :comment, :at where exists (select 1 from"
                    + " runs where id = :runId and state = :awaiting) on conflict do nothing")
            .param("runId", decision.runId())
            .param("by", decision.by())
            .param("verdict", decision.verdict().apiName())
            .param("comment", decision.comment())
            .param("at", decision.at().toEpochMilli())
            .param("awaiting", RunState.AWAITING_APPROVAL.apiName())
            .update();
    if (added == 1) {
      return Recorded.RECORDED;
    }
    boolean decided =
        jdbc.sql("select count(*) from run_approvals where run_id = :runId and username = :by")
                .param("runId", decision.runId())
                .param("by", decision.by())
                .query(Long.class)
                .single()
            > 0;
    return decided ? Recorded.ALREADY_DECIDED : Recorded.NOT_AWAITING;
  }

  @Override
  public List<Decision> decisions(String runId) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from run_approvals where run_id = :runId order by decided_at, username")
        .param("runId", runId)
        .query(JdbcApprovalStore::decision)
        .list();
  }

  @Override
  public Map<String, List<Decision>> decisions(Collection<String> runIds) {
    if (runIds.isEmpty()) {
      return Map.of(); // "in ()" is not SQL
    }
    return jdbc
        .sql(
            "select "
                + COLUMNS
                + " from run_approvals where run_id in (:runIds) order by decided_at, username")
        .param("runIds", List.copyOf(runIds))
        .query(JdbcApprovalStore::decision)
        .list()
        .stream()
        .collect(Collectors.groupingBy(Decision::runId, LinkedHashMap::new, Collectors.toList()));
  }

  @Override
  public void withdraw(String runId, String by) {
    jdbc.sql("delete from run_approvals where run_id = :runId and username = :by")
        .param("runId", runId)
        .param("by", by)
        .update();
  }

  private static Decision decision(ResultSet rs, int row) throws SQLException {
    return new Decision(
        rs.getString("run_id"),
        rs.getString("username"),
        Verdict.fromApiName(rs.getString("decision")),
        rs.getString("comment"),
        Instant.ofEpochMilli(rs.getLong("decided_at")));
  }
}
