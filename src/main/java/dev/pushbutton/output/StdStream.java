package dev.pushbutton.output;

/** Which of the process's streams a chunk came from. A terminal job has only {@link #STDOUT}. */
public enum StdStream {
  STDOUT("stdout"),
  STDERR("stderr");

  private final String fileName;

  StdStream(String fileName) {
    this.fileName = fileName;
  }

  /** The name used in the API and as the file name in the run's directory. */
  public String fileName() {
    return fileName;
  }
}
