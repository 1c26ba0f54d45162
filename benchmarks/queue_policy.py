"""What the moderation queue's two thresholds do on text we did not write (the external dev set).

    python -m benchmarks.queue_policy [--model models/default]

For every pair (CLAIMCHECK_HOLD_SPAM_AT, CLAIMCHECK_PASS_AT) on a grid, the shipped model's
predictions on the external dev set are put through the queue's policy
(claimcheck.service.queue.Policy, the code the service runs) and counted:

- held: share of comments held as spam, and the error rate inside it (gold label not spam:
  a legitimate comment hidden until a person looks);
- passed: share passed without a person, and the error rate inside it (the model's label is
  wrong, or the comment is gold spam: a wrong label, or spam, shown with nobody looking);
- to people (pending): share, and the model's error rate inside it (what people correct).

The baseline is the same process without a queue: every comment goes to a person (share 1.0);
`people_ratio` is each setting's share to people divided by that baseline's. The dev set is
only measured, never trained on. Writes docs/results/queue_policy.json.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.common import load_external_dev, save_result
from claimcheck.service.queue import Policy, State
from claimcheck.types import Label

HOLD_GRID = (0.5, 0.7, 0.8, 0.9, 0.95, 0.99)
PASS_GRID = (0.6, 0.7, 0.8, 0.9, 0.95, 0.99)


def evaluate(
    predictions: list[tuple[str | None, dict[str, float], frozenset[str]]],
    gold: list[str],
    policy: Policy,
) -> dict[str, Any]:
    """Shares of held / passed / pending and the error rate inside each."""
    n = len(gold)
    counts: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    for (label, probabilities, flags), truth in zip(predictions, gold, strict=True):
        state = policy.state_of(label, probabilities, flags)
        counts[state.value] += 1
        if state is State.HELD:
            wrong = truth != Label.SPAM.value
        elif state is State.PASSED:
            wrong = label != truth or truth == Label.SPAM.value
        else:
            wrong = label != truth
        errors[state.value] += int(wrong)
    row: dict[str, Any] = {"hold_spam_at": policy.hold_spam_at, "pass_at": policy.pass_at}
    for state in ("held", "passed", "pending"):
        share = counts[state] / n
        row[f"{state}_share"] = round(share, 4)
        row[f"{state}_n"] = counts[state]
        row[f"{state}_error"] = round(errors[state] / counts[state], 4) if counts[state] else None
    row["people_ratio"] = round(row["pending_share"] / 1.0, 4)
    return row


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None, help="bundle (default: shipped)")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    from claimcheck.predict import Settings, load_model
    from claimcheck.service.settings import ServiceSettings

    defaults = ServiceSettings.model_construct()
    classifier = load_model(args.model, Settings(review_threshold=defaults.review_threshold))
    dev = load_external_dev()
    gold = [row["label"] for row in dev]
    predicted = classifier.predict([row["text"] for row in dev])
    triples = [
        (p.label.value if p.label is not None else None, dict(p.probabilities), p.flags)
        for p in predicted
    ]
    baseline_error = sum(t[0] != g for t, g in zip(triples, gold, strict=True)) / len(gold)
    grid = [evaluate(triples, gold, Policy(h, p)) for h in HOLD_GRID for p in PASS_GRID]
    default = evaluate(triples, gold, Policy(defaults.hold_spam_at, defaults.pass_at))
    result = {
        "model_version": classifier.version,
        "review_threshold": defaults.review_threshold,
        "dev_set": {"n": len(gold), "labels": dict(Counter(gold))},
        "baseline_everything_to_people": {"share": 1.0, "model_error": round(baseline_error, 4)},
        "default": default,
        "grid": grid,
    }
    print(render_table(result))
    if not args.no_save:
        print(f"wrote {save_result('queue_policy', result)}")
    return result


def render_table(result: dict[str, Any]) -> str:
    """The markdown table quoted in docs/service.md."""
    lines = [
        "| hold spam at | pass at | held | error in held | passed | error in passed "
        "| to people | model error in people's share |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def pct(value: float | None) -> str:
        return "–" if value is None else f"{100 * value:.1f}%"

    for row in result["grid"]:
        lines.append(
            f"| {row['hold_spam_at']} | {row['pass_at']} | {pct(row['held_share'])} "
            f"| {pct(row['held_error'])} | {pct(row['passed_share'])} "
            f"| {pct(row['passed_error'])} | {pct(row['pending_share'])} "
            f"| {pct(row['pending_error'])} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
