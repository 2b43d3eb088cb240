"""OCOP stars mix (3★ / 4★ / 5★) by socio-economic region for one full year.

Run from the repository root: ``marimo edit notebooks/ocop_stars.py`` (or ``marimo export html``).
The warehouse is read from ``$HTX_HOME`` like every other tool (default ``.htx/``).
"""

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="Sao OCOP theo vùng / OCOP stars by region")

with app.setup:
    import marimo as mo
    import plotly.graph_objects as go
    import polars as pl
    from _common import REPORTER, count_provenance, num, pct, provenance_callout, query, warehouse_or_stop

    STARS = ("ocop_3_star", "ocop_4_star", "ocop_5_star")
    STAR_LABELS = {"ocop_3_star": "3 sao / 3★", "ocop_4_star": "4 sao / 4★", "ocop_5_star": "5 sao / 5★"}
    STAR_COLORS = {"ocop_3_star": "#ffe082", "ocop_4_star": "#ffb300", "ocop_5_star": "#e65100"}
    NATIONAL = "Cả nước / Whole country"
    # North to south, for the 63 provinces' official regions and the 34 units' inferred ones.
    REGION_ORDER = ["TDMNPB", "DBSH", "BTB_DHMT", "BTB", "NTB_TN", "TN", "DNB", "DBSCL"]


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Cơ cấu sao OCOP theo vùng / OCOP stars mix by region

    Trong các sản phẩm OCOP đã được xếp hạng (3, 4 hoặc 5 sao), mỗi vùng kinh tế - xã hội có bao nhiêu phần trăm
    đạt 3, 4, 5 sao? Số liệu **Liên minh HTX tỉnh** báo cáo, theo tỉnh đang tồn tại ở cuối kỳ; chỉ cộng các tỉnh
    báo cáo **đủ cả ba** số sao, để tử số và mẫu số cùng một nhóm tỉnh.

    *Of the OCOP products rated 3, 4 or 5 stars, what share has each rating, by socio-economic region? Figures of
    the provincial cooperative alliances, per province as it existed at the period's end; only provinces that
    reported all three star counts are added up, so numerator and denominator cover the same provinces.*
    """)
    return


@app.cell(hide_code=True)
def _():
    warehouse = warehouse_or_stop()
    return (warehouse,)


@app.cell(hide_code=True)
def _(warehouse):
    provenance_counts = count_provenance(
        warehouse,
        "count(*) filter (where indicator_code in ($1, $2, $3) and reporter = $4 and period_type = 'FY')",
        [*STARS, REPORTER],
    )
    provenance_callout(provenance_counts, "số sao OCOP, FY / OCOP stars, FY")
    return (provenance_counts,)


@app.cell(hide_code=True)
def _(warehouse):
    fy_periods = query(
        """
        select distinct o.period_code, p.year
        from marts.fct_ocop o
        join marts.dim_period p using (period_code)
        where o.boundary = 'as_reported' and o.reporter = $1 and o.period_type = 'FY'
          and o.ocop_3_star is not null and o.ocop_4_star is not null and o.ocop_5_star is not null
        order by p.year
        """,
        [REPORTER],
        path=warehouse,
    )["period_code"].to_list()
    mo.stop(not fy_periods, mo.md("Chưa có số liệu sao OCOP. / No OCOP star counts yet."))
    # `marimo export html notebooks/ocop_stars.py -- --period 2025-FY` picks another year headless.
    _wanted = str(mo.cli_args().get("period") or "2024-FY")
    period_pick = mo.ui.dropdown(
        fy_periods, value=_wanted if _wanted in fy_periods else fy_periods[-1], label="Kỳ / Period"
    )
    mo.hstack([period_pick], justify="start")
    return fy_periods, period_pick


@app.cell(hide_code=True)
def _(period_pick, warehouse):
    period = period_pick.value
    # Every province that existed at the period's end, with what it reported (NULL when it did not).
    provinces = query(
        """
        with existing as (
            select p.province_key, p.name_vi, p.province_set, p.region_code, p.region_name_vi
            from marts.dim_province p, marts.dim_period d
            where d.period_code = $1
              and p.valid_from <= d.end_date and (p.valid_to is null or p.valid_to >= d.end_date)
        )
        select e.*, o.ocop_3_star, o.ocop_4_star, o.ocop_5_star
        from existing e
        left join marts.fct_ocop o
          on o.province_key = e.province_key and o.boundary = 'as_reported'
         and o.reporter = $2 and o.period_code = $1
        order by e.region_code, e.province_key
        """,
        [period, REPORTER],
        path=warehouse,
    )
    _rated = pl.all_horizontal(pl.col(s).is_not_null() for s in STARS)
    _sums = [pl.col(s).filter(_rated).sum() for s in STARS]
    _counts = [pl.len().alias("n_provinces"), _rated.sum().alias("n_used")]
    by_region = (
        provinces.group_by("region_code", "region_name_vi")
        .agg(*_sums, *_counts)
        .with_columns(
            pl.col("region_name_vi").alias("label"),
            _order=pl.col("region_code").replace_strict(REGION_ORDER, range(len(REGION_ORDER)), default=99),
        )
        .sort("_order", "region_code")
        .drop("_order")
    )
    _national = provinces.select(*_sums, *_counts).with_columns(
        region_code=pl.lit("ALL"), region_name_vi=pl.lit(NATIONAL), label=pl.lit(NATIONAL)
    )
    stars_mix = (
        pl.concat([_national.select(by_region.columns), by_region])
        .with_columns(rated_total=pl.sum_horizontal(*STARS))
        .with_columns(
            *[(pl.col(s) / pl.col("rated_total")).alias(f"{s}_share") for s in STARS],
            high_share=(pl.col("ocop_4_star") + pl.col("ocop_5_star")) / pl.col("rated_total"),
        )
    )
    province_set = provinces["province_set"].unique().to_list()
    return period, province_set, provinces, stars_mix


@app.cell(hide_code=True)
def _(period, province_set, stars_mix):
    _national = stars_mix.filter(pl.col("region_code") == "ALL").row(0, named=True)
    _regions = stars_mix.filter(pl.col("region_code") != "ALL", pl.col("rated_total") > 0)
    mo.stop(_national["rated_total"] == 0, mo.md(f"Không có tỉnh nào báo cáo đủ số sao kỳ {period}."))
    _best = _regions.sort("high_share", descending=True).row(0, named=True)
    _headline = mo.md(
        f"""
        ## {period}

        - **Cả nước / Whole country:** {num(_national["rated_total"])} sản phẩm OCOP 3–5 sao / rated products —
          3★ **{pct(_national["ocop_3_star_share"])}**, 4★ **{pct(_national["ocop_4_star_share"])}**,
          5★ **{pct(_national["ocop_5_star_share"])}**
          ({_national["n_used"]} / {_national["n_provinces"]} tỉnh báo cáo đủ / provinces reported all three)
        - **Tỷ lệ 4–5 sao cao nhất / Highest 4–5★ share:** {_best["region_name_vi"]} **{pct(_best["high_share"])}**
        """
    )
    _inferred = mo.callout(
        mo.md("Vùng của 34 đơn vị mới là suy ra, chưa chính thức. / The regions of the 34 new units are inferred."),
        kind="info",
    )
    mo.vstack([_headline, _inferred]) if "new34" in province_set else _headline
    return


@app.cell(hide_code=True)
def _(period, stars_mix):
    # Plotly stacks horizontal bars bottom-up: reversing the table's order puts the national bar on top.
    _shown = stars_mix.filter(pl.col("rated_total") > 0).reverse()
    stars_chart = go.Figure()
    for _star in STARS:
        stars_chart.add_trace(
            go.Bar(
                name=STAR_LABELS[_star],
                y=_shown["label"].to_list(),
                x=(_shown[f"{_star}_share"] * 100).round(2).to_list(),
                orientation="h",
                marker_color=STAR_COLORS[_star],
                text=[pct(v) for v in _shown[f"{_star}_share"]],
                textposition="inside",
                customdata=_shown[_star].to_list(),
                hovertemplate=f"<b>%{{y}}</b><br>{STAR_LABELS[_star]}: %{{x:.1f}} % (%{{customdata:,.0f}})"
                "<extra></extra>",
            )
        )
    stars_chart.update_layout(
        barmode="stack",
        title=(
            f"Cơ cấu sản phẩm OCOP theo số sao, {period}, theo vùng"
            f"<br><sup>OCOP products by star rating, {period}, by region — Liên minh HTX tỉnh</sup>"
        ),
        xaxis={"title": "Tỷ lệ / Share of rated products (%)", "range": [0, 100]},
        yaxis_title=None,
        legend={"orientation": "h", "y": -0.2, "traceorder": "normal"},
        uniformtext={"minsize": 10, "mode": "hide"},  # no unreadable labels on thin (5★) segments
        height=120 + 50 * _shown.height,
        margin={"l": 10},
    )
    mo.ui.plotly(stars_chart)
    return (stars_chart,)


@app.cell(hide_code=True)
def _(stars_mix):
    mo.ui.table(
        stars_mix.select(
            pl.col("label").alias("Vùng / Region"),
            pl.col("ocop_3_star").alias("3★"),
            pl.col("ocop_4_star").alias("4★"),
            pl.col("ocop_5_star").alias("5★"),
            pl.col("rated_total").alias("Tổng 3–5★ / Rated total"),
            *[(pl.col(f"{s}_share") * 100).round(1).alias(f"{STAR_LABELS[s]} (%)") for s in STARS],
            pl.format("{} / {}", "n_used", "n_provinces").alias("Tỉnh đủ số liệu / Provinces complete"),
        ),
        selection=None,
    )
    return


@app.cell(hide_code=True)
def _(provinces):
    _missing = provinces.filter(pl.any_horizontal(pl.col(s).is_null() for s in STARS))
    mo.md(
        "Tất cả các tỉnh đã báo cáo đủ số sao. / Every province reported all three star counts."
        if _missing.is_empty()
        else "**Không tính (thiếu số sao) / Left out (star counts missing):** " + ", ".join(_missing["name_vi"])
    )
    return


if __name__ == "__main__":
    app.run()
