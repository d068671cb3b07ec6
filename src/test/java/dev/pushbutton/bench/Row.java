package dev.pushbutton.bench;

/**
 * One line of the results table: a measured figure, the baseline measured beside it in the same run
 * (if one applies), and the target from the issue.
 */
record Row(
    String figure, String measured, String baseline, String ratio, String target, String verdict) {

  static Row of(String figure, double value, String unit, String target, boolean met) {
    return new Row(figure, format(value) + " " + unit, "", "", target, met ? "met" : "MISSED");
  }

  static Row against(
      String figure, double value, double baseline, String unit, String target, boolean met) {
    return new Row(
        figure,
        format(value) + " " + unit,
        format(baseline) + " " + unit,
        format(value / baseline) + "×",
        target,
        met ? "met" : "MISSED");
  }

  static String format(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (Math.abs(value) >= 100) {
      return String.format("%,.0f", value);
    }
    return String.format("%.2f", value);
  }
}
