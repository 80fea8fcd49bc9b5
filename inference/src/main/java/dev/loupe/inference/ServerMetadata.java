package dev.loupe.inference;

import java.util.List;

/** The inference server's name, version and the protocol extensions it supports. */
public record ServerMetadata(String name, String version, List<String> extensions) {

  public ServerMetadata {
    extensions = List.copyOf(extensions);
  }
}
