package dev.pushbutton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pushbutton.audit.AuditQuery;
import dev.pushbutton.audit.AuditTrail;
import dev.pushbutton.audit.ChainCheck;
import dev.pushbutton.catalog.InvalidParameterException;
import dev.pushbutton.security.JobAccess;
import dev.pushbutton.security.User;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail, for admins: read newest first (JSON, or CSV with {@code Accept: text/csv} or
 * {@code ?format=csv}), and its hash chain checked. Nothing here changes or removes an entry.
 */
@RestController
@RequestMapping("/api/audit")
class AuditController {
  static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

  private final AuditTrail trail;
  private final JobAccess access;
  private final JsonMapper json;

  AuditController(AuditTrail trail, JobAccess access, JsonMapper json) {
    this.trail = trail;
    this.access = access;
    this.json = json;
  }

  /**
   * Entries newest first, paged as the run history is ({@code limit}, {@code before} the last id of
   * a page). As CSV without a {@code limit}, every entry that matches, streamed: a download is for
   * keeping.
   */
  @GetMapping
  ResponseEntity<List<AuditView>> list(
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String since,
      @RequestParam(required = false) String until,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String before,
      @RequestParam(required = false) String format,
      User user,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException, HttpMediaTypeNotAcceptableException {
    access.requireAdmin(user);
    boolean csv = wantsCsv(format, request.getHeader(HttpHeaders.ACCEPT));
    AuditQuery query = AuditQuery.parse(actor, action, since, until, before, limit);
    if (!csv) {
      return ResponseEntity.ok()
          .contentType(MediaType.APPLICATION_JSON)
          .body(trail.list(query).stream().map(entry -> AuditView.of(entry, json)).toList());
    }
    response.setContentType(CSV.toString());
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION,
        ContentDisposition.attachment().filename("audit.csv").build().toString());
    try (var rows = new AuditCsv(response.getOutputStream())) {
      if (limit == null || limit.isBlank()) {
        trail.forEach(query, rows::write);
      } else {
        trail.list(query).forEach(rows::write);
      }
    }
    return null; // written
  }

  /**
   * Walks the whole chain: {@code {"intact", "entries", "lastHash"}} or where it breaks and why.
   */
  @GetMapping("/verify")
  ChainView verify(User user) {
    access.requireAdmin(user);
    ChainCheck check = trail.verify();
    return new ChainView(
        check.intact(), check.entries(), check.lastHash(), check.brokenAt(), check.reason());
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ChainView(boolean intact, long entries, String lastHash, Long brokenAt, String reason) {}

  /**
   * CSV when {@code format=csv}, or when the Accept header prefers {@code text/csv} to JSON; JSON
   * otherwise, as for any other route. Neither acceptable is a 406 naming both.
   */
  private static boolean wantsCsv(String format, String accept)
      throws HttpMediaTypeNotAcceptableException {
    if (format != null && !format.isBlank()) {
      return switch (format.strip()) {
        case "csv" -> true;
        case "json" -> false;
        default -> throw new InvalidParameterException("format", "'format' must be csv or json.");
      };
    }
    List<MediaType> accepted;
    try {
      accepted =
          accept == null || accept.isBlank()
              ? List.of(MediaType.ALL)
              : MediaType.parseMediaTypes(accept);
    } catch (InvalidMediaTypeException unreadable) {
      accepted = List.of(MediaType.ALL);
    }
    double jsonQuality = quality(accepted, MediaType.APPLICATION_JSON);
    double csvQuality = quality(accepted, CSV);
    if (jsonQuality == 0 && csvQuality == 0) {
      throw new HttpMediaTypeNotAcceptableException(List.of(MediaType.APPLICATION_JSON, CSV));
    }
    return csvQuality > jsonQuality;
  }

  /** The quality the most specific accepted range that includes {@code type} gives it. */
  private static double quality(List<MediaType> accepted, MediaType type) {
    int bestSpecificity = -1;
    double quality = 0;
    for (MediaType range : accepted) {
      if (range.includes(type)) {
        int specificity = range.isWildcardType() ? 0 : range.isWildcardSubtype() ? 1 : 2;
        if (specificity > bestSpecificity) {
          bestSpecificity = specificity;
          quality = range.getQualityValue();
        }
      }
    }
    return quality;
  }
}
