package dev.pushbutton.web;

import java.util.List;

/**
 * Jobs shown under one heading on the catalog page; {@code name} is null for jobs without a group.
 */
public record JobGroup(String name, List<JobSummary> jobs) {}
