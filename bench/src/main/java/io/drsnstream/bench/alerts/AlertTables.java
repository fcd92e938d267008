package io.drsnstream.bench.alerts;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The measurement's figures as Markdown tables, for docs/alerts.md. */
public final class AlertTables {

    private AlertTables() {}

    /**
     * @param evaluation the evaluation set's results (the figures reported)
     * @param selection the selection set's results (what the choice saw)
     * @param grid the policies
     * @param chosen the chosen policy
     * @param demoCondition the demo's noise
     */
    public static String markdown(
            List<ConditionResult> evaluation,
            List<ConditionResult> selection,
            List<PolicySpec> grid,
            PolicySpec chosen,
            String demoCondition) {
        StringBuilder md = new StringBuilder();
        md.append("### Chosen policy ").append(chosen).append(" (k/n/m), evaluation set\n\n");
        md.append(
                "| noise | healthy sensor-hours | false alerts | per sensor-hour | onset -> RAISED median / p90 / max (s) | never raised | right label | windows above threshold: healthy / faulty after onset, until retired |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (ConditionResult c : evaluation) {
            PolicyResult p = c.policy(chosen.toString());
            DetectionFigures d = p.faulty();
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %.1f | %d | %s | %s | %d of %d | %s | %s / %s |%n",
                            name(c.condition(), demoCondition),
                            p.healthy().sensorHours(),
                            p.healthy().falseAlerts(),
                            rate(p.healthy().perSensorHour()),
                            times(d),
                            d.neverRaised(),
                            d.sensors(),
                            percent(d.rightLabel(), d.raised()),
                            percent(c.windows().healthyAnomalyShare()),
                            percent(c.windows().faultyAnomalyShare())));
        }

        ConditionResult demo =
                evaluation.stream()
                        .filter(c -> c.condition().equals(demoCondition))
                        .findFirst()
                        .orElse(null);
        if (demo != null) {
            md.append("\n### Chosen policy ")
                    .append(chosen)
                    .append(" per fault, demo's noise (")
                    .append(demoCondition)
                    .append("), evaluation set\n\n");
            md.append(
                    "| fault | sensors | median / p90 / max (s) | never raised | right label |\n");
            md.append("|---|---|---|---|---|\n");
            for (Map.Entry<String, DetectionFigures> e :
                    demo.policy(chosen.toString()).byFault().entrySet()) {
                DetectionFigures d = e.getValue();
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %d | %s | %d | %s |%n",
                                e.getKey(),
                                d.sensors(),
                                times(d),
                                d.neverRaised(),
                                percent(d.rightLabel(), d.raised())));
            }
        }

        md.append("\n### Every policy, evaluation set: false alerts (per sensor-hour)\n\n");
        header(md, "noise", grid);
        for (ConditionResult c : evaluation) {
            md.append("| ").append(name(c.condition(), demoCondition));
            for (PolicySpec spec : grid) {
                FalseAlertFigures h = c.policy(spec.toString()).healthy();
                md.append(" | ")
                        .append(h.falseAlerts())
                        .append(" (")
                        .append(rate(h.perSensorHour()))
                        .append(")");
            }
            md.append(" |\n");
        }

        md.append(
                "\n### Every policy, evaluation set: onset -> RAISED median / p90 / max in s (never raised)\n\n");
        header(md, "noise", grid);
        for (ConditionResult c : evaluation) {
            md.append("| ").append(name(c.condition(), demoCondition));
            for (PolicySpec spec : grid) {
                DetectionFigures d = c.policy(spec.toString()).faulty();
                md.append(" | ").append(times(d)).append(" (").append(d.neverRaised()).append(")");
            }
            md.append(" |\n");
        }

        md.append("\n### Selection set: what the choice saw\n\n");
        md.append(
                "| policy | false alerts, all conditions | never raised, demo's noise | median / p90 / max (s), demo's noise |\n");
        md.append("|---|---|---|---|\n");
        ConditionResult selectionDemo =
                selection.stream()
                        .filter(c -> c.condition().equals(demoCondition))
                        .findFirst()
                        .orElseThrow();
        for (PolicySpec spec : grid) {
            DetectionFigures d = selectionDemo.policy(spec.toString()).faulty();
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s%s | %d | %d | %s |%n",
                            spec,
                            spec.equals(chosen) ? " (chosen)" : "",
                            PolicyChoice.falseAlerts(selection, spec),
                            d.neverRaised(),
                            times(d)));
        }
        return md.toString();
    }

    private static void header(StringBuilder md, String first, List<PolicySpec> grid) {
        md.append("| ").append(first);
        for (PolicySpec spec : grid) {
            md.append(" | ").append(spec);
        }
        md.append(" |\n|---");
        for (int i = 0; i < grid.size(); i++) {
            md.append("|---");
        }
        md.append("|\n");
    }

    private static String name(String condition, String demoCondition) {
        return condition.equals(demoCondition) ? "**" + condition + "** (demo)" : condition;
    }

    static String times(DetectionFigures d) {
        return seconds(d.medianSeconds())
                + " / "
                + seconds(d.p90Seconds())
                + " / "
                + seconds(d.maxSeconds());
    }

    private static String seconds(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String rate(double perHour) {
        return String.format(Locale.ROOT, perHour == 0 ? "0" : "%.2f", perHour);
    }

    private static String percent(int part, int whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.0f %%", 100.0 * part / whole);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * share);
    }
}
