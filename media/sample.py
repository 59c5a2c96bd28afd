"""Small helpers for reading a shop's order log.

Each line of the log is one order: a date, a customer id, an amount in cents
and a free-text note, separated by tabs. The checks below are what the nightly
report runs before it adds up the day.

A sum to try the Positions view on (put the cursor on the next line):
    48213+9077=
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from datetime import date

ORDER_LOG = "orders-2024-07.tsv"
REFUND_TAG = "refund:"


@dataclass(frozen=True)
class Order:
    """One line of the order log."""

    day: date
    customer: str
    cents: int
    note: str

    @property
    def is_refund(self) -> bool:
        return self.note.startswith(REFUND_TAG)


def read_orders(path: str = ORDER_LOG) -> list[Order]:
    """Reads every order in the log at `path`, skipping blank lines."""
    orders = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t"):
            if not row:
                continue
            day, customer, cents, note = row
            orders.append(Order(date.fromisoformat(day), customer, int(cents), note))
    return orders


def daily_totals(orders: list[Order]) -> dict[date, int]:
    """Total cents per day, refunds subtracted."""
    totals: dict[date, int] = {}
    for order in orders:
        amount = -order.cents if order.is_refund else order.cents
        totals[order.day] = totals.get(order.day, 0) + amount
    return totals


def top_customers(orders: list[Order], n: int = 3) -> list[tuple[str, int]]:
    """The `n` customers who spent the most, with what they spent."""
    spent: Counter[str] = Counter()
    for order in orders:
        if not order.is_refund:
            spent[order.customer] += order.cents
    return spent.most_common(n)


if __name__ == "__main__":
    orders = read_orders(ORDER_LOG)
    for day, cents in sorted(daily_totals(orders).items()):
        print(f"{day.isoformat()}  {cents / 100:>10.2f}")
    for customer, cents in top_customers(orders):
        print(f"{customer:<12} {cents / 100:>10.2f}")
