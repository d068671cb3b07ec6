package dev.pushbutton.web;

import dev.pushbutton.audit.AuditAction;
import dev.pushbutton.audit.AuditEntry;
import dev.pushbutton.audit.AuditQuery;
import dev.pushbutton.audit.AuditTrail;
import dev.pushbutton.catalog.InvalidParameterException;
import dev.pushbutton.security.JobAccess;
import dev.pushbutton.security.User;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The Audit page, for admins: the trail newest first with the API's filters as a form, a page at a
 * time, a link to the same entries as CSV, and whether the hash chain holds.
 */
@Controller
class AuditPages {
  static final int PAGE = 50;

  private final AuditTrail trail;
  private final JobAccess access;

  AuditPages(AuditTrail trail, JobAccess access) {
    this.trail = trail;
    this.access = access;
  }

  @GetMapping("/audit")
  String audit(
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String since,
      @RequestParam(required = false) String until,
      @RequestParam(required = false) String before,
      User me,
      Model model,
      HttpServletResponse response) {
    access.requireAdmin(me);
    var filter = new Filter(actor, action, since, until);
    model.addAttribute("filter", filter);
    model.addAttribute("actions", AuditAction.apiNames());
    model.addAttribute("chain", trail.verify());
    model.addAttribute("csv", filter.link("/api/audit", "format", "csv"));
    List<AuditEntry> shown = List.of();
    Long nextBefore = null;
    try {
      AuditQuery query =
          AuditQuery.parse(actor, action, since, until, before, null).withLimit(PAGE + 1);
      List<AuditEntry> page = trail.list(query);
      boolean more = page.size() > PAGE;
      shown = more ? page.subList(0, PAGE) : page;
      nextBefore = more ? shown.getLast().id() : null;
      model.addAttribute("errors", Map.of());
    } catch (InvalidParameterException e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("errors", Map.of(e.field(), e.getMessage()));
    }
    model.addAttribute("entries", shown);
    model.addAttribute("paged", before != null && !before.isBlank());
    model.addAttribute("newest", filter.link("/audit", null, null));
    model.addAttribute(
        "older", nextBefore == null ? null : filter.link("/audit", "before", nextBefore));
    return "audit";
  }

  /** The filters as given, blanks read as absent; each link carries them on. */
  record Filter(String actor, String action, String since, String until) {
    Filter {
      actor = blankToNull(actor);
      action = blankToNull(action);
      since = blankToNull(since);
      until = blankToNull(until);
    }

    /**
     * {@code path} with these filters and one more parameter (none when {@code name} is null). The
     * values go in as URI variables, so that each is encoded whole: a '+' in a time's offset too.
     */
    String link(String path, String name, Object value) {
      var link = UriComponentsBuilder.fromPath(path);
      var values = new LinkedHashMap<String, Object>();
      values.put("actor", actor);
      values.put("action", action);
      values.put("since", since);
      values.put("until", until);
      values.put(name, value);
      values.values().removeIf(Objects::isNull);
      values.keySet().forEach(key -> link.queryParam(key, "{" + key + "}"));
      return link.encode().buildAndExpand(values).toUriString();
    }

    private static String blankToNull(String value) {
      return value == null || value.isBlank() ? null : value.strip();
    }
  }
}
