"""Which of the 34 units grew their active cooperatives fastest, and the national trend.

Run from the repository root: ``marimo edit notebooks/cooperatives_growth.py`` (or ``marimo export html``).
The warehouse is read from ``$HTX_HOME`` like every other tool (default ``.htx/``).
"""

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="Tăng trưởng HTX / Cooperative growth")

with app.setup:
    import marimo as mo
    import plotly.graph_objects as go
    import polars as pl
    from _common import REPORTER, count_provenance, num, pct_change, provenance_callout, query, warehouse_or_stop

    INDICATOR = "coops_total"


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Hợp tác xã tăng nhanh nhất ở đâu? / Where did cooperatives grow fastest?

    Số **hợp tác xã đang hoạt động** (`coops_total`) do **Liên minh HTX tỉnh** báo cáo, quy đổi về
    **34 tỉnh, thành phố sau sáp nhập** (ranh giới `new34`) cho mọi kỳ, để so sánh được qua mốc 01/07/2025.
    Chỉ dùng số liệu quy đổi **đầy đủ** (mọi tỉnh cũ của đơn vị đều có số liệu).

    *Active cooperatives reported by the provincial cooperative alliances, rolled up onto the 34 post-2025
    units for every period so that periods before and after the 2025-07-01 merger compare; only complete
    roll-ups (every old province behind the unit reported) are used.*
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
        "count(*) filter (where indicator_code = $1 and reporter = $2 and period_type = 'FY')",
        [INDICATOR, REPORTER],
    )
    provenance_callout(provenance_counts, f"dùng ở đây / used here (`{INDICATOR}`, FY)")
    return (provenance_counts,)


@app.cell(hide_code=True)
def _(warehouse):
    fy_periods = query(
        """
        select distinct v.period_code, p.year
        from marts.fct_indicator_values_new34 v
        join marts.dim_period p using (period_code)
        where v.reporter = $1 and v.indicator_code = $2 and v.period_type = 'FY' and v.value is not null
        order by p.year
        """,
        [REPORTER, INDICATOR],
        path=warehouse,
    )["period_code"].to_list()
    mo.stop(
        len(fy_periods) < 2,
        mo.md("Chưa đủ hai năm số liệu để so sánh. / Fewer than two years of data to compare."),
    )
    base_pick = mo.ui.dropdown(
        fy_periods, value="2021-FY" if "2021-FY" in fy_periods else fy_periods[0], label="Kỳ gốc / Base period"
    )
    latest_pick = mo.ui.dropdown(
        fy_periods, value="2024-FY" if "2024-FY" in fy_periods else fy_periods[-1], label="Kỳ so sánh / Later period"
    )
    mo.hstack([base_pick, latest_pick], justify="start", gap=2)
    return base_pick, fy_periods, latest_pick


@app.cell(hide_code=True)
def _(base_pick, latest_pick, warehouse):
    base, latest = base_pick.value, latest_pick.value
    units = query(
        """
        with v as (
            select province_key, period_code, value, is_complete, provenance
            from marts.fct_indicator_values_new34
            where reporter = $1 and indicator_code = $2 and period_code in ($3, $4)
        )
        select p.province_key, p.name_vi, p.region_name_vi,
               b.value as base_value, b.is_complete as base_complete, b.provenance as base_provenance,
               l.value as latest_value, l.is_complete as latest_complete, l.provenance as latest_provenance
        from marts.dim_province p
        left join v b on b.province_key = p.province_key and b.period_code = $3
        left join v l on l.province_key = p.province_key and l.period_code = $4
        where p.province_set = 'new34'
        order by p.province_key
        """,
        [REPORTER, INDICATOR, base, latest],
        path=warehouse,
    )
    _ok = (
        pl.col("base_complete").fill_null(False)
        & pl.col("latest_complete").fill_null(False)
        & (pl.col("base_value") > 0)
        & pl.col("latest_value").is_not_null()
    )
    growth = (
        units.filter(_ok)
        .with_columns(
            change=pl.col("latest_value") - pl.col("base_value"),
            growth=pl.col("latest_value") / pl.col("base_value") - 1,
        )
        .sort("growth", descending=True)
    )
    excluded = units.filter(~_ok)
    return base, excluded, growth, latest


@app.cell(hide_code=True)
def _(base, excluded, growth, latest):
    mo.stop(base == latest, mo.md("Hãy chọn hai kỳ khác nhau. / Pick two different periods."))
    mo.stop(growth.is_empty(), mo.md("Không có đơn vị nào đủ số liệu cả hai kỳ. / No unit is complete in both."))
    _top = growth.row(0, named=True)
    _bottom = growth.row(-1, named=True)
    _national = growth["latest_value"].sum() / growth["base_value"].sum() - 1
    _excluded = "Không có. / None." if excluded.is_empty() else ", ".join(excluded["name_vi"].to_list())
    mo.md(
        f"""
        ## {base} → {latest}

        - **Tăng nhanh nhất / Fastest growth:** {_top["name_vi"]} **{pct_change(_top["growth"])}**
          ({num(_top["base_value"])} → {num(_top["latest_value"])} HTX)
        - **Thấp nhất / Slowest:** {_bottom["name_vi"]} {pct_change(_bottom["growth"])}
          ({num(_bottom["base_value"])} → {num(_bottom["latest_value"])} HTX)
        - **{growth.height} / 34 đơn vị** được so sánh, cộng lại / units compared, together:
          {num(growth["base_value"].sum())} → {num(growth["latest_value"].sum())} HTX ({pct_change(_national)})
        - Không so sánh (thiếu hoặc chưa đủ số liệu) / Not compared (missing or incomplete): {_excluded}
        """
    )
    return


@app.cell(hide_code=True)
def _(base, growth, latest):
    _shown = growth.sort("growth")  # plotly draws horizontal bars bottom-up: fastest on top
    growth_chart = go.Figure(
        go.Bar(
            x=(_shown["growth"] * 100).round(2).to_list(),
            y=_shown["name_vi"].to_list(),
            orientation="h",
            marker_color=["#2e7d32" if g >= 0 else "#c62828" for g in _shown["growth"]],
            text=[pct_change(g) for g in _shown["growth"]],
            textposition="outside",
            customdata=list(zip(_shown["base_value"], _shown["latest_value"], _shown["region_name_vi"], strict=True)),
            hovertemplate=(
                "<b>%{y}</b> (%{customdata[2]})<br>"
                f"{base}: %{{customdata[0]:,.0f}} HTX<br>{latest}: %{{customdata[1]:,.0f}} HTX<br>"
                "Tăng trưởng / growth: %{x:.1f} %<extra></extra>"
            ),
        )
    )
    growth_chart.update_layout(
        title=(
            f"Tăng trưởng số HTX đang hoạt động, {base} → {latest} (34 tỉnh, thành phố)"
            f"<br><sup>Growth of active cooperatives, {base} → {latest}, 34 units — Liên minh HTX tỉnh</sup>"
        ),
        xaxis={
            "title": "Tăng trưởng / Growth (%)",
            # room for the labels outside the bars
            "range": [min(0.0, _shown["growth"].min() * 115), max(0.0, _shown["growth"].max() * 115)],
        },
        yaxis_title=None,
        height=max(400, 24 * growth.height + 140),
        margin={"l": 10, "r": 40},
    )
    mo.ui.plotly(growth_chart)
    return (growth_chart,)


@app.cell(hide_code=True)
def _(growth):
    mo.ui.table(
        growth.select(
            pl.col("name_vi").alias("Tỉnh, thành phố / Unit"),
            pl.col("region_name_vi").alias("Vùng / Region"),
            pl.col("base_value").alias("Kỳ gốc / Base"),
            pl.col("latest_value").alias("Kỳ so sánh / Later"),
            pl.col("change").alias("Thay đổi / Change"),
            (pl.col("growth") * 100).round(1).alias("Tăng trưởng / Growth (%)"),
            pl.col("base_provenance").alias("provenance (kỳ gốc / base)"),
            pl.col("latest_provenance").alias("provenance (kỳ so sánh / later)"),
        ),
        selection=None,
        page_size=34,
    )
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Xu hướng cả nước / National trend

    Tổng số HTX đang hoạt động theo năm (kỳ `FY`): cộng 34 đơn vị. Năm nào có đơn vị thiếu hoặc chưa đủ số liệu
    thì tổng **chưa đầy đủ** (điểm rỗng) và không nên so với các năm khác.

    *Active cooperatives per full year, summed over the 34 units; a year where some unit is missing or incomplete
    gives a partial total (hollow marker) that should not be compared with the others.*
    """)
    return


@app.cell(hide_code=True)
def _(warehouse):
    national = query(
        """
        select v.period_code, p.year,
               sum(v.value) as coops_total,
               count(*) filter (where v.is_complete) as n_complete,
               (select count(*) from marts.dim_province where province_set = 'new34') as n_units
        from marts.fct_indicator_values_new34 v
        join marts.dim_period p using (period_code)
        where v.reporter = $1 and v.indicator_code = $2 and v.period_type = 'FY' and v.value is not null
        group by v.period_code, p.year
        order by p.year
        """,
        [REPORTER, INDICATOR],
        path=warehouse,
    ).with_columns(is_complete=pl.col("n_complete") == pl.col("n_units"))
    return (national,)


@app.cell(hide_code=True)
def _(national):
    trend_chart = go.Figure()
    _complete = national.filter("is_complete")  # the line joins only years where all 34 units are complete
    trend_chart.add_trace(
        go.Scatter(
            x=_complete["period_code"].to_list(),
            y=_complete["coops_total"].to_list(),
            mode="lines",
            line={"color": "#90a4ae"},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for _complete, _name, _symbol in (
        (True, "Đủ 34 đơn vị / all 34 units complete", "circle"),
        (False, "Chưa đầy đủ / partial total", "circle-open"),
    ):
        _part = national.filter(pl.col("is_complete") == _complete)
        trend_chart.add_trace(
            go.Scatter(
                x=_part["period_code"].to_list(),
                y=_part["coops_total"].to_list(),
                mode="markers+text",
                name=_name,
                marker={"symbol": _symbol, "size": 11, "color": "#1565c0"},
                text=[num(v) for v in _part["coops_total"]],
                textposition="top center",
                customdata=_part["n_complete"].to_list(),
                hovertemplate="%{x}: %{y:,.0f} HTX<br>đơn vị đủ số liệu / complete units: %{customdata}/34"
                "<extra></extra>",
            )
        )
    trend_chart.update_layout(
        title="Số HTX đang hoạt động cả nước theo năm<br><sup>Active cooperatives nationwide per full year</sup>",
        xaxis={"title": "Kỳ / Period", "categoryorder": "array", "categoryarray": national["period_code"].to_list()},
        yaxis_title="HTX / cooperatives",
        yaxis_rangemode="tozero",
        legend={"orientation": "h", "y": -0.2},
    )
    mo.ui.plotly(trend_chart)
    return (trend_chart,)


@app.cell(hide_code=True)
def _(national):
    mo.ui.table(
        national.select(
            pl.col("period_code").alias("Kỳ / Period"),
            pl.col("coops_total").alias("HTX đang hoạt động / Active cooperatives"),
            pl.col("n_complete").alias("Đơn vị đủ số liệu / Complete units (of 34)"),
        ),
        selection=None,
    )
    return


if __name__ == "__main__":
    app.run()
