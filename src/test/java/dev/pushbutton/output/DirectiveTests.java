package dev.pushbutton.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DirectiveTests {

  @Test
  void recognisesEachDirective() {
    assertThat(Directive.of("::status Copying files "))
        .contains(new Directive.Status("Copying files"));
    assertThat(Directive.of("::progress 40")).contains(new Directive.Progress(40));
    assertThat(Directive.of("::progress 3/4")).contains(new Directive.Progress(75));
    assertThat(Directive.of("::progress 12.5")).contains(new Directive.Progress(12.5));
    assertThat(Directive.of("::progress 250")).contains(new Directive.Progress(100));
    assertThat(Directive.of("::error::Disk full"))
        .contains(new Directive.Note("error", "Disk full"));
    assertThat(Directive.of("::warning::Slow")).contains(new Directive.Note("warning", "Slow"));
  }

  @Test
  void ordinaryLinesAndLookalikesAreNotDirectives() {
    assertThat(Directive.of("status ok")).isEmpty();
    assertThat(Directive.of(" ::status indented")).isEmpty();
    assertThat(Directive.of("::progress lots")).isEmpty();
    assertThat(Directive.of("::group::Title")).isEmpty();
    assertThat(Directive.of("::statusline")).isEmpty();
  }
}
