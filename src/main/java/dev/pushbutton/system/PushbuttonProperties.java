package dev.pushbutton.system;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Pushbutton's settings.
 *
 * @param catalog the catalog YAML file; when unset, the demo catalog bundled in the jar
 * @param dataDir where the database and every run's output live
 * @param heartbeat how often an idle event stream gets a comment line, so proxies keep it open
 */
@Validated
@ConfigurationProperties("pushbutton")
public record PushbuttonProperties(
    Path catalog, @DefaultValue("./data") Path dataDir, @DefaultValue("15s") Duration heartbeat) {}
