package org.countline.producers.simulator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.core.EventState;
import org.countline.core.OperationWindow;
import org.countline.core.RevisionRule;
import org.countline.core.Tally;

/** The totals a week of events comes to under the topology's revision rule: national and per force. */
record WeekFold(Tally national, Map<String, Tally> forces) {

  static WeekFold of(List<FieldEvent> events, Operation operation) {
    OperationWindow window = OperationWindow.of(operation);
    Map<String, EventState> states = new HashMap<>();
    Tally national = new Tally();
    Map<String, Tally> forces = new HashMap<>();
    for (FieldEvent e : events) {
      int day = (int) window.localDay(e.getOccurredAt()).toEpochDay();
      RevisionRule.Decision d = RevisionRule.decide(states.get(e.getEventId()), e, day);
      if (d.outcome().changesTotals()) {
        national.subtract(d.oldContribution()).add(d.newContribution());
        forces.computeIfAbsent(e.getForce(), f -> new Tally()).subtract(d.oldContribution()).add(d.newContribution());
        states.put(e.getEventId(), d.next());
      }
    }
    return new WeekFold(national, forces);
  }
}
