package dev.pushbutton.api;

import dev.pushbutton.catalog.InvalidParameterException;
import dev.pushbutton.output.OutputStore;
import dev.pushbutton.output.RawLog;
import dev.pushbutton.output.StdStream;
import dev.pushbutton.security.JobAccess;
import dev.pushbutton.security.User;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A run's raw log: whole, or a byte range of it (so a viewer can show the end of a huge log at once
 * and fetch the rest behind it), and where in it the job wrote to stderr.
 */
@RestController
@RequestMapping("/api/runs/{runId}/log")
class RunLogController {
  static final String LAST_SEQ_HEADER = "X-Pushbutton-Last-Seq";
  static final String FIRST_LINE_HEADER = "X-Pushbutton-First-Line";

  private final OutputStore outputs;
  private final JobAccess access;

  RunLogController(OutputStore outputs, JobAccess access) {
    this.outputs = outputs;
    this.access = access;
  }

  /**
   * The output so far, byte for byte as the job wrote it, streamed (never held in memory). The
   * {@value #LAST_SEQ_HEADER} header names the last event included, so a viewer can load the log
   * and then follow the event stream from exactly there. A {@code Range} header asks for part of
   * it: {@code 206} with the line its first byte is on ({@value #FIRST_LINE_HEADER}), so a viewer
   * that starts from the end numbers its lines right.
   *
   * <p>{@code ?tail=N} asks for the last N bytes as {@code Range: bytes=-N} does, and is answered
   * the same way, for a client that cannot send the header: the run page's preload hint, which has
   * the browser ask for the end of the log while it is still reading the page, not once the page's
   * script has run. A {@code Range} header, when there is one, is what counts.
   */
  @GetMapping(produces = MediaType.TEXT_PLAIN_VALUE)
  ResponseEntity<StreamingResponseBody> log(
      @PathVariable String runId,
      @RequestParam(required = false) String download,
      @RequestParam(required = false) String tail,
      @RequestHeader(name = HttpHeaders.RANGE, required = false) String rangeHeader,
      User user) {
    access.run(user, runId); // 404 when there is no such run, or none the caller may see
    String range =
        rangeHeader != null || tail == null
            ? rangeHeader
            : "bytes=-" + wholeNumber("tail", "a number of bytes", tail, 0);
    RawLog log = outputs.rawLog(runId);
    try {
      ResponseEntity.BodyBuilder response;
      long from = 0;
      long to = Long.MAX_VALUE; // the whole log needs no scan of the index before it starts
      if (range == null) {
        response = ResponseEntity.ok();
      } else {
        long size = log.summary().size();
        switch (ByteRange.of(range, size)) {
          case ByteRange.Whole() -> response = ResponseEntity.ok();
          case ByteRange.Unsatisfiable() -> throw new RangeNotSatisfiable(size);
          case ByteRange.Part(ByteRange part) -> {
            from = part.start();
            to = part.end();
            response =
                ResponseEntity.status(HttpStatus.PARTIAL_CONTENT)
                    .header(HttpHeaders.CONTENT_RANGE, part.contentRange(size))
                    .header(FIRST_LINE_HEADER, Long.toString(log.lineAt(from)))
                    .contentLength(part.length());
          }
        }
      }
      response
          .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
          .header(LAST_SEQ_HEADER, Long.toString(log.lastSeq()))
          .header(HttpHeaders.ACCEPT_RANGES, "bytes")
          .header(HttpHeaders.CACHE_CONTROL, "no-store");
      if (download != null) {
        response.header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename("run-" + runId + ".log").build().toString());
      }
      long start = from;
      long end = to;
      return response.body((OutputStream out) -> {
        try (log) {
          log.copyTo(out, start, end);
        }
      });
    } catch (RuntimeException e) {
      log.close();
      throw e;
    }
  }

  /**
   * Where the job wrote to stderr, so a viewer that loaded the raw log (which does not say) can
   * still mark those lines.
   *
   * @param lastSeq the last chunk described
   * @param size the log's size in bytes, up to that chunk
   * @param lines how many lines it holds
   * @param stderr each stretch of stderr output as {@code [start, end, firstLine, lastLine]}: bytes
   *     {@code [start, end)} of the raw log and the lines (from 1, inclusive) they are on; adjacent
   *     stderr chunks are one stretch
   */
  record Streams(long lastSeq, long size, long lines, List<long[]> stderr) {}

  /**
   * The stderr stretches overlapping bytes {@code [from, to)} of the log (all of it by default).
   */
  @GetMapping(value = "/streams", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Streams> streams(
      @PathVariable String runId,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      User user) {
    access.run(user, runId);
    long start = wholeNumber("from", "a byte position", from, 0);
    long end = wholeNumber("to", "a byte position", to, Long.MAX_VALUE);
    try (RawLog log = outputs.rawLog(runId)) {
      var summary = log.summary();
      List<long[]> stderr =
          log.stretches(StdStream.STDERR, start, end).stream()
              .map(s -> new long[] {s.start(), s.end(), s.firstLine(), s.lastLine()})
              .toList();
      return ResponseEntity.ok()
          .header(HttpHeaders.CACHE_CONTROL, "no-store")
          .body(new Streams(log.lastSeq(), summary.size(), summary.lines(), stderr));
    }
  }

  /** A parameter that must be {@code what}: a whole number of 0 or more. */
  private static long wholeNumber(String name, String what, String value, long otherwise) {
    if (value == null || value.isEmpty()) {
      return otherwise;
    }
    try {
      long number = Long.parseLong(value);
      if (number >= 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new InvalidParameterException(
        name, "'" + name + "' must be " + what + ": a whole number of 0 or more.");
  }

  /** A range that lies wholly past the end of the log: {@code 416}. */
  static final class RangeNotSatisfiable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long size;

    RangeNotSatisfiable(long size) {
      super("The log has " + size + " bytes; the range asked for lies past its end.");
      this.size = size;
    }

    long size() {
      return size;
    }
  }
}
