package io.quakegraph.stream;

/**
 * Everything the association remembers between steps.
 *
 * @param pending triggers not (yet) part of any event, oldest first
 * @param events open events, and closed events still absorbing their late triggers
 */
public record AssociationState(TriggerOnset[] pending, EventState[] events) {

  /** Nothing seen yet. */
  public static AssociationState empty() {
    return new AssociationState(new TriggerOnset[0], new EventState[0]);
  }
}
