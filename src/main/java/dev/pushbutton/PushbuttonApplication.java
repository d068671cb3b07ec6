package dev.pushbutton;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Pushbutton: run catalogued ops commands from a web page and watch their output live. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PushbuttonApplication {
  public static void main(String[] args) {
    SpringApplication.run(PushbuttonApplication.class, args);
  }
}
