package dev.pushbutton;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Keeps the feature packages honest: each direct sub-package of {@code dev.pushbutton} is a module,
 * with no dependency cycles between modules and no reaching into another module's internals.
 */
class ModularityTests {

  @Test
  void modulesRespectTheirBoundaries() {
    ApplicationModules.of(PushbuttonApplication.class).verify();
  }
}
