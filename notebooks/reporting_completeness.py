"""Did the provincial alliances send their reports, and on time? On time / late / missing per period.

Run from the repository root: ``marimo edit notebooks/reporting_completeness.py`` (or ``marimo export html``).
The warehouse is read from ``$HTX_HOME`` like every other tool (default ``.htx/``).
"""

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="Tình hình gửi báo cáo / Reporting completeness")

with app.setup:
    import marimo as mo
    import plotly.graph_objects as go
    import polars as pl
    from _common import REPORTER, count_provenance, num, pct, provenance_callout, query, warehouse_or_stop

    # Only REPORTER (the provincial alliance) owes reports. The statuses of a report that is owed, in the order
    # they are stacked (fct_reporting_completeness.status).
    STATUSES = {
        "on_time": ("Đúng hạn / On time", "#2e7d32"),
        "late": ("Trễ hạn / Late", "#f9a825"),
        "quarantined": ("Bị từ chối / Quarantined", "#6a1b9a"),
        "missing": ("Chưa gửi / Missing", "#c62828"),
        "not_due": ("Chưa đến hạn / Not yet due", "#9e9e9e"),
    }


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Tình hình gửi báo cáo / Reporting completeness

    Mỗi kỳ 6 tháng (`H1`) và cả năm (`FY`), **Liên minh HTX tỉnh** phải gửi báo cáo trong vòng 31 ngày sau
    khi kết thúc kỳ. Bao nhiêu báo cáo đến **đúng hạn**, **trễ hạn**, bị **từ chối** (chỉ có tệp bị cách ly) hay
    **chưa gửi**? Tính theo các tỉnh đang tồn tại ở cuối kỳ (63 tỉnh đến kỳ 2025-H1, 34 đơn vị từ kỳ 2025-FY),
    tại thời điểm xây dựng kho dữ liệu.

    *Every half-year (`H1`) and full year (`FY`) the provincial cooperative alliance owes a report, due 31 days after
    the period. How many arrived on time, late, only as refused (quarantined) files, or not at all? Counted over
    the units that existed at the period's end (63 up to 2025-H1, 34 from 2025-FY), as of the warehouse build.*
    """)
    return


@app.cell(hide_code=True)
def _():
    warehouse = warehouse_or_stop()
    return (warehouse,)


@app.cell(hide_code=True)
def _(warehouse):
    # Reports, not values, in the last column; and the sending dates are synthetic too.
    provenance_counts = count_provenance(
        warehouse, "count(distinct submission_id) filter (where reporter = $1)", [REPORTER]
    )
    provenance_callout(
        provenance_counts,
        "báo cáo chứa giá trị này / reports holding them",
        note="""
        **Dữ liệu minh hoạ / Demo data.** Số liệu và ngày gửi báo cáo trong kho mẫu là dữ liệu **tổng hợp
        (synthetic)**, không phải số liệu thật — trừ các số liệu **đã công bố (published)** có kèm nguồn
        (cột `provenance`). *The demo figures and sending dates are synthetic, not real, except the published
        anchor figures (column `provenance`).*
        """,
        values_header="giá trị / values",
    )
    return (provenance_counts,)


@app.cell(hide_code=True)
def _():
    type_pick = mo.ui.radio(
        {"Tất cả / All": "all", "6 tháng / H1": "H1", "Cả năm / FY": "FY"},
        value="Tất cả / All",
        label="Loại kỳ / Period type",
        inline=True,
    )
    mo.hstack([type_pick], justify="start")
    return (type_pick,)


@app.cell(hide_code=True)
def _(type_pick, warehouse):
    reports = query(
        """
        select r.province_key, p.name_vi, r.period_code, r.period_type, d.end_date, r.status, r.due_date,
               r.first_accepted_on, r.n_files
        from marts.fct_reporting_completeness r
        join marts.dim_period d using (period_code)
        join marts.dim_province p using (province_key)
        where r.reporter = $1 and r.expected and ($2 = 'all' or r.period_type = $2)
        order by d.end_date, r.province_key
        """,
        [REPORTER, type_pick.value],
        path=warehouse,
    )
    mo.stop(reports.is_empty(), mo.md("Chưa có báo cáo nào phải gửi. / No report is owed yet."))
    per_period = (
        reports.group_by("period_code", "end_date")
        .agg(
            *[(pl.col("status") == s).sum().alias(s) for s in STATUSES],
            pl.len().alias("expected"),
        )
        .sort("end_date")
        .with_columns(
            due=pl.col("expected") - pl.col("not_due"),
        )
        .with_columns(
            on_time_rate=pl.when(pl.col("due") > 0).then(pl.col("on_time") / pl.col("due")),
        )
    )
    return per_period, reports


@app.cell(hide_code=True)
def _(per_period, reports):
    _due = per_period.filter(pl.col("due") > 0)
    mo.stop(_due.is_empty(), mo.md("Chưa có kỳ nào đến hạn. / No period is due yet."))
    _latest = _due.row(-1, named=True)
    _totals = {s: int(per_period[s].sum()) for s in STATUSES}
    _all_due = sum(_totals.values()) - _totals["not_due"]
    mo.md(
        f"""
        ## Tóm tắt / Summary

        - **Kỳ gần nhất đã đến hạn / Latest period due: {_latest["period_code"]}** — đúng hạn / on time
          **{_latest["on_time"]} / {_latest["due"]}** ({pct(_latest["on_time_rate"])}), trễ / late {_latest["late"]},
          chưa gửi / missing {_latest["missing"]}, bị từ chối / quarantined {_latest["quarantined"]}
        - **Tất cả các kỳ / All periods** ({per_period.height} kỳ, {num(reports.height)} báo cáo phải gửi / reports
          owed, {num(_all_due)} đã đến hạn / due): đúng hạn / on time {num(_totals["on_time"])}
          ({pct(_totals["on_time"] / _all_due)}), trễ / late {num(_totals["late"])}, chưa gửi / missing
          {num(_totals["missing"])}, bị từ chối / quarantined {num(_totals["quarantined"])}
        """
    )
    return


@app.cell(hide_code=True)
def _(per_period, type_pick):
    completeness_chart = go.Figure()
    for _status, (_label, _color) in STATUSES.items():
        if per_period[_status].sum() == 0:
            continue
        completeness_chart.add_trace(
            go.Bar(
                name=_label,
                x=per_period["period_code"].to_list(),
                y=per_period[_status].to_list(),
                marker_color=_color,
                customdata=per_period["expected"].to_list(),
                hovertemplate=f"%{{x}}<br>{_label}: %{{y}} / %{{customdata}}<extra></extra>",
            )
        )
    completeness_chart.add_trace(
        go.Scatter(
            name="Tỷ lệ đúng hạn / On-time rate (%)",
            x=per_period["period_code"].to_list(),
            y=(per_period["on_time_rate"] * 100).round(1).to_list(),
            yaxis="y2",
            mode="lines+markers",
            line={"color": "#263238"},
            hovertemplate="%{x}: %{y:.1f} % đúng hạn / on time<extra></extra>",
        )
    )
    completeness_chart.update_layout(
        barmode="stack",
        title=(
            "Báo cáo của Liên minh HTX tỉnh theo kỳ: đúng hạn, trễ hạn, chưa gửi"
            "<br><sup>Provincial alliance reports per period: on time, late, missing"
            f" — {type_pick.value if type_pick.value != 'all' else 'H1 + FY'}</sup>"
        ),
        xaxis_title="Kỳ báo cáo / Period",
        yaxis_title="Số báo cáo phải gửi / Reports owed",
        yaxis2={
            "title": "Đúng hạn / On time (%)",
            "overlaying": "y",
            "side": "right",
            "range": [0, 105],
            "tickvals": [0, 25, 50, 75, 100],
            "showgrid": False,
        },
        legend={"orientation": "h", "y": -0.25, "traceorder": "normal"},
        height=520,
    )
    mo.ui.plotly(completeness_chart)
    return (completeness_chart,)


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Tỉnh hay trễ hoặc thiếu báo cáo / Units most often late or missing

    Đếm theo đơn vị báo cáo: tỉnh cũ (`old:`) đến kỳ 2025-H1, đơn vị mới (`new:`) từ kỳ 2025-FY.
    *Counted per reporting unit: old provinces up to 2025-H1, new units from 2025-FY.*
    """)
    return


@app.cell(hide_code=True)
def _(reports):
    _laggards = (
        reports.group_by("province_key", "name_vi")
        .agg(
            (pl.col("status") == "late").sum().alias("late"),
            (pl.col("status") == "missing").sum().alias("missing"),
            (pl.col("status") == "quarantined").sum().alias("quarantined"),
            (pl.col("status") != "not_due").sum().alias("due"),
        )
        .with_columns(problems=pl.col("late") + pl.col("missing") + pl.col("quarantined"))
        .filter(pl.col("problems") > 0)
        .sort(["problems", "missing", "province_key"], descending=[True, True, False])
    )
    mo.ui.table(
        _laggards.select(
            pl.col("name_vi").alias("Tỉnh, thành phố / Unit"),
            pl.col("province_key").alias("Mã / Key"),
            pl.col("late").alias("Trễ hạn / Late"),
            pl.col("missing").alias("Chưa gửi / Missing"),
            pl.col("quarantined").alias("Bị từ chối / Quarantined"),
            pl.col("due").alias("Kỳ đã đến hạn / Periods due"),
        ),
        selection=None,
        page_size=10,
    )
    return


@app.cell(hide_code=True)
def _(per_period):
    mo.ui.table(
        per_period.select(
            pl.col("period_code").alias("Kỳ / Period"),
            pl.col("expected").alias("Phải gửi / Owed"),
            *[pl.col(s).alias(label) for s, (label, _) in STATUSES.items()],
            (pl.col("on_time_rate") * 100).round(1).alias("Đúng hạn / On time (%)"),
        ),
        selection=None,
        page_size=20,
    )
    return


if __name__ == "__main__":
    app.run()
