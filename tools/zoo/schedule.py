"""The learning-rate schedule of every zoo recipe: a linear warm-up and a cosine decay.

Each recipe passes its own progress and options, and the arithmetic keeps the order each recipe
was trained with, so the rates are bit for bit the ones that produced the shipped models:

  lens_lm   warmup_cosine(peak, step, 150, elapsed / budget, floor=0.1)
  planted   warmup_cosine(peak, step, warmup, min(1.0, elapsed / budget))
  lora      warmup_cosine(peak, step, warmup, step, steps)
  positions warmup_cosine(peak, step, warmup, step - warmup, max(1, steps - warmup), cosine_after_warmup=True)
"""
import math


def warmup_cosine(peak, step, warmup, done, total=1, floor=0.0, cosine_after_warmup=False):
    """The learning rate at `step` (0-based).

    The cosine goes from 1 to `floor` as done / total goes from 0 to 1 (steps or a wall-clock
    fraction). By default the warm-up ramp min(1, (step + 1) / warmup) multiplies it, so both run
    together from step 0. With cosine_after_warmup, the ramp peak * (step + 1) / warmup is used alone
    while step < warmup, and the cosine alone afterwards (the caller counts `done` from the warm-up's
    end)."""
    if cosine_after_warmup and step < warmup:
        return peak * (step + 1) / warmup
    ramp = 1.0 if cosine_after_warmup else min(1.0, (step + 1) / warmup)
    return peak * ramp * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * done / total)))
