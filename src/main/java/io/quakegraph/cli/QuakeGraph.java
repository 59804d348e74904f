package io.quakegraph.cli;

public class QuakeGraph {
  public static void main(String[] args) {}
}
