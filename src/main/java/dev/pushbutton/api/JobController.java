package dev.pushbutton.api;

import dev.pushbutton.catalog.Job;
import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunService;
import dev.pushbutton.security.JobAccess;
import dev.pushbutton.security.User;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The catalog, and starting a run of a job. */
@RestController
@RequestMapping("/api/jobs")
class JobController {
  private final RunService runs;
  private final JobAccess access;

  JobController(RunService runs, JobAccess access) {
    this.runs = runs;
    this.access = access;
  }

  /** The jobs the caller may see; the others are not mentioned at all. */
  @GetMapping
  List<JobView> jobs(User user) {
    return access.jobs(user).stream()
        .map(job -> JobView.of(job, access.mayRun(user, job)))
        .toList();
  }

  @GetMapping("/{jobId}")
  JobView job(@PathVariable String jobId, User user) {
    Job job = access.job(user, jobId);
    return JobView.of(job, access.mayRun(user, job));
  }

  /**
   * Answers as soon as the run is recorded: the process starts (or waits in line) in the
   * background.
   */
  @PostMapping("/{jobId}/runs")
  ResponseEntity<RunView> start(
      @PathVariable String jobId,
      @RequestBody(required = false) Map<String, Object> body,
      User user) {
    Job job = access.jobToRun(user, jobId);
    Run run =
        runs.start(job.id(), RunRequest.params(body), user.username(), RunRequest.reason(body));
    return ResponseEntity.created(URI.create("/api/runs/" + run.id())).body(RunView.of(run));
  }
}
