"""Cooperative registers and OCOP product lists behind the list sheets of FY submissions.

Each old province keeps a register from 2018: cooperatives are founded and dissolved year by year (the
counts of the indicator values), so a cooperative keeps its code and its traits from one year's list to the
next. After the merger a unit's list is the union of its old provinces' registers.
"""

from __future__ import annotations

from datetime import date, timedelta

from sources.core.contract import OWNER_TYPES, PRODUCT_GROUPS, RATINGS, SECTORS
from sources.demo.national import rng

# Sector weights (DOMAIN.md: about two thirds agriculture).
SECTOR_WEIGHTS = dict(zip(SECTORS, (64, 2, 4, 7, 5, 9, 6, 3), strict=True))
RATING_WEIGHTS = dict(zip(RATINGS, (22, 40, 28, 10), strict=True))
COMMUNES = (
    "Xã Hòa Bình",
    "Xã Tân Thành",
    "Xã Quảng Phú",
    "Phường Trung Tâm",
    "Xã Đông Sơn",
    "Xã Thạch Hà",
    "Xã Yên Lạc",
    "Xã An Phú",
    "Xã Phú Lộc",
    "Xã Tiên Phong",
)
PRODUCTS = ("Mật ong", "Chè", "Gạo", "Nước mắm", "Miến", "Bánh đa", "Rượu", "Nấm", "Tinh dầu", "Cam", "Bưởi", "Mây tre")


class Register:
    """Active cooperatives of one old province, evolving year by year."""

    def __init__(self, seed: int, code: str, stock_2018: int):
        self.seed, self.code = seed, code
        self.active: list[int] = list(range(1, stock_2018 + 1))
        self.next_serial = stock_2018 + 1
        self.dissolved_in: dict[int, list[int]] = {}
        self.active_in: dict[int, list[int]] = {}  # the register as it stood at each year end

    def advance(self, year: int, new: int, dissolved: int) -> None:
        r = rng(self.seed, "register", self.code, year)
        gone = sorted(r.sample(self.active, min(dissolved, len(self.active))))
        gone_set = set(gone)
        self.active = [s for s in self.active if s not in gone_set]
        self.active += list(range(self.next_serial, self.next_serial + new))
        self.next_serial += new
        self.dissolved_in[year] = gone
        self.active_in[year] = list(self.active)

    def rows(self, year: int, scale: int = 1) -> list[list[object]]:
        """List-sheet rows (contract order) for the year: active cooperatives, then those dissolved."""
        out = []
        for serial in self.active_in[year]:
            out += [self._row(serial, year, "đang hoạt động", copy) for copy in range(scale)]
        for serial in self.dissolved_in.get(year, []):
            out += [self._row(serial, year, "giải thể", copy) for copy in range(scale)]
        return out

    def _row(self, serial: int, year: int, status: str, copy: int) -> list[object]:
        r = rng(self.seed, "coop", self.code, serial, copy)
        sector = r.choices(list(SECTOR_WEIGHTS), weights=list(SECTOR_WEIGHTS.values()))[0]
        founded = date(2018, 12, 31) - timedelta(days=r.randint(30, 40 * 365)) if serial < 10_000 else None
        members, workers = max(7, round(r.lognormvariate(3.6, 0.8))), max(1, round(r.lognormvariate(2.6, 0.9)))
        grow = 1.06 ** (year - 2024) * rng(self.seed, "year", self.code, serial, year).uniform(0.85, 1.15)
        revenue = round(r.lognormvariate(21.2, 1.1) * grow, -6)
        code = f"{self.code}{serial:05d}" + (f"-{copy}" if copy else "")
        return [
            code,
            f"HTX {sector.split()[0].capitalize()} {COMMUNES[serial % len(COMMUNES)].split(' ', 1)[1]} {serial}",
            COMMUNES[serial % len(COMMUNES)],
            sector,
            founded,
            status,
            members,
            workers,
            round(r.lognormvariate(21.0, 1.0), -6),
            revenue,
            round(revenue * r.uniform(-0.05, 0.15), -6),
            round(r.lognormvariate(15.3, 0.25) * 1.06 ** (year - 2024), -4),
            r.choices(list(RATING_WEIGHTS), weights=list(RATING_WEIGHTS.values()))[0],
        ]


def ocop_rows(seed: int, unit: str, year: int, stars: tuple[int, int, int], coop_products: int) -> list[list]:
    """One row per certified product: exactly ``stars`` = (3★, 4★, 5★) products, certified within 36 months."""
    r = rng(seed, "ocop-list", unit, year)
    rows = []
    star_list = [3] * stars[0] + [4] * stars[1] + [5] * stars[2]
    for i, star in enumerate(star_list):
        owner_type = r.choice(("HTX", "THT")) if i < coop_products else r.choice(OWNER_TYPES[2:])
        certified = date(year, 12, 31) - timedelta(days=r.randint(0, 36 * 30))
        rows.append(
            [
                f"{r.choice(PRODUCTS)} {unit}-{i + 1}",
                f"Chủ thể {unit}-{r.randint(1, 400)}",
                f"{unit}{r.randint(1, 500):05d}" if owner_type == "HTX" else None,
                owner_type,
                r.choice(PRODUCT_GROUPS),
                star,
                certified,
            ]
        )
    return rows
