package dev.pushbutton.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Runs in a SQL table, through Spring's JdbcClient; the same SQL serves SQLite and PostgreSQL. */
public final class JdbcRunRepository implements RunRepository {
  private static final String COLUMNS =
      "id, job_id, state, exit_code, params, created_at, started_at, finished_at, error, pid,"
          + " stop_request, status, progress, notes, started_by, killed_by, reason";
  private static final TypeReference<List<RunReport.Note>> NOTES = new TypeReference<>() {};
  private static final TypeReference<LinkedHashMap<String, String>> PARAMS =
      new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  public JdbcRunRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public void insert(Run run) {
    jdbc.sql(
            "insert into runs ("
                + COLUMNS
                + ") values (:id, :jobId, :state, :exitCode, :params, :createdAt,"
                + " :startedAt, :finishedAt, :error, :pid, :stopRequest, :status, :progress, :notes,"
                + " :startedBy, :killedBy, :reason)")
        .params(columns(run))
        .update();
  }

  private static final String UPDATE =
      "update runs set state = :state, exit_code = :exitCode, params = :params, started_at = :startedAt,"
          + " finished_at = :finishedAt, error = :error, pid = :pid, stop_request = :stopRequest,"
          + " status = :status, progress = :progress, notes = :notes, killed_by = :killedBy"
          + " where id = :id";

  @Override
  public void update(Run run) {
    int changed = jdbc.sql(UPDATE).params(columns(run)).update();
    if (changed != 1) {
      throw new IllegalStateException("run " + run.id() + " is not recorded");
    }
  }

  @Override
  public boolean updateIfState(Run run, RunState expected) {
    // The condition is the database's to check: it holds the row's lock while it does, so two
    // nodes' updates from the same state are applied one after the other and the second matches
    // nothing.
    return jdbc.sql(UPDATE + " and state = :expected")
            .params(columns(run))
            .param("expected", expected.apiName())
            .update()
        == 1;
  }

  @Override
  public Optional<Run> find(String id) {
    return jdbc.sql("select " + COLUMNS + " from runs where id = :id")
        .param("id", id)
        .query(this::run)
        .optional();
  }

  @Override
  public List<Run> list(RunQuery query) {
    if (query.jobIds() != null && query.jobIds().isEmpty()) {
      return List.of(); // "in ()" is not SQL, and nothing can match
    }
    var where = new ArrayList<String>();
    var params = new LinkedHashMap<String, Object>();
    if (query.jobIds() != null) {
      where.add("job_id in (:jobIds)");
      params.put("jobIds", List.copyOf(query.jobIds()));
    }
    if (query.startedBy() != null) {
      where.add("started_by = :startedBy");
      params.put("startedBy", query.startedBy());
    }
    if (query.jobId() != null) {
      where.add("job_id = :jobId");
      params.put("jobId", query.jobId());
    }
    if (query.state() != null) {
      where.add("state = :state");
      params.put("state", query.state().apiName());
    }
    if (query.before() != null) {
      where.add("id < :before");
      params.put("before", query.before());
    }
    String sql =
        "select "
            + COLUMNS
            + " from runs"
            + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
            + " order by id desc limit :limit";
    params.put("limit", query.limit());
    return jdbc.sql(sql).params(params).query(this::run).list();
  }

  /**
   * Runs awaiting approval are left out: nothing of them lives in a server's memory or in a
   * process, so there is nothing to reconcile; they stay rows until someone decides (or their
   * deadline, read from the database, passes).
   */
  @Override
  public List<Run> unfinished() {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from runs where state in ('queued', 'starting', 'running') order by id")
        .query(this::run)
        .list();
  }

  private Map<String, Object> columns(Run run) {
    var columns = new LinkedHashMap<String, Object>();
    columns.put("id", run.id());
    columns.put("jobId", run.jobId());
    columns.put("state", run.state().apiName());
    columns.put("exitCode", run.exitCode());
    columns.put("params", json.writeValueAsString(run.params()));
    columns.put("createdAt", millis(run.createdAt()));
    columns.put("startedAt", millis(run.startedAt()));
    columns.put("finishedAt", millis(run.finishedAt()));
    columns.put("error", run.error());
    columns.put("pid", run.pid());
    columns.put("stopRequest", run.stopRequest() == null ? null : run.stopRequest().apiName());
    columns.put("status", run.report().status());
    columns.put("progress", run.report().progress());
    columns.put(
        "notes",
        run.report().notes().isEmpty() ? null : json.writeValueAsString(run.report().notes()));
    columns.put("startedBy", run.startedBy());
    columns.put("killedBy", run.killedBy());
    columns.put("reason", run.reason());
    return columns;
  }

  private Run run(ResultSet rs, int row) throws SQLException {
    String stop = rs.getString("stop_request");
    return new Run(
        rs.getString("id"),
        rs.getString("job_id"),
        RunState.fromApiName(rs.getString("state")),
        rs.getObject("exit_code") == null ? null : rs.getInt("exit_code"),
        json.readValue(rs.getString("params"), PARAMS),
        instant(rs, "created_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"),
        rs.getString("error"),
        rs.getObject("pid") == null ? null : rs.getLong("pid"),
        stop == null ? null : RunState.fromApiName(stop),
        report(rs),
        rs.getString("started_by"),
        rs.getString("killed_by"),
        rs.getString("reason"));
  }

  private RunReport report(ResultSet rs) throws SQLException {
    String notes = rs.getString("notes");
    double progress = rs.getDouble("progress");
    // wasNull speaks of the last column read: ask it before reading another.
    Double percent = rs.wasNull() ? null : progress;
    return new RunReport(
        rs.getString("status"), percent, notes == null ? List.of() : json.readValue(notes, NOTES));
  }

  private static Long millis(Instant at) {
    return at == null ? null : at.toEpochMilli();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }
}
