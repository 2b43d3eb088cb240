-- Every quality issue, for follow-up: what the gate found in each received file (errors quarantined the
-- file, warnings flagged its values) and what the warehouse finds across provinces (values far from
-- their peers). Each issue names its rule, severity, where it is (sheet, row, cell) and says it in
-- Vietnamese and English.
with

problems as (

    select * from {{ ref('stg_landing__problems') }}

),

submissions as (

    select * from {{ ref('stg_landing__submissions') }}

),

current_submissions as (

    select * from {{ ref('int_submissions__current') }}

),

peer_outliers as (

    select * from {{ ref('int_quality__peer_outliers') }}

),

gate_issues as (

    select
        {{ dbt.concat([
            "problems.submission_id", "'-'", dbt.cast("problems.problem_no", api.Column.translate_type("string"))
        ]) }} as issue_id,
        problems.submission_id,
        'gate' as found_by,
        problems.rule_id,
        problems.severity,
        problems.sheet,
        problems.sheet_row,
        problems.sheet_column,
        problems.cell,
        problems.indicator_code,
        problems.message_vi,
        problems.message_en
    from problems

),

warehouse_issues as (

    select
        {{ dbt.concat(["submission_id", "'-peer-'", "indicator_code"]) }} as issue_id,
        submission_id,
        'warehouse' as found_by,
        'peer_outlier' as rule_id,
        'warning' as severity,
        cast(null as varchar) as sheet,
        sheet_row,
        cast(null as varchar) as sheet_column,
        value_cell as cell,
        indicator_code,
        {{ dbt.concat([
            "'Chỉ tiêu '", "indicator_code", "' khác xa các tỉnh khác cùng kỳ: '",
            dbt.cast(dbt.cast("round(value, 0)", "bigint"), api.Column.translate_type("string")),
            "' so với mức điển hình '", dbt.cast(dbt.cast("round(typical_value, 0)", "bigint"), api.Column.translate_type("string")),
            "'; hãy kiểm tra lại.'"
        ]) }} as message_vi,
        {{ dbt.concat([
            "indicator_code", "' is far from the other provinces in the same period: '",
            dbt.cast(dbt.cast("round(value, 0)", "bigint"), api.Column.translate_type("string")),
            "' against a typical '", dbt.cast(dbt.cast("round(typical_value, 0)", "bigint"), api.Column.translate_type("string")),
            "'; please check.'"
        ]) }} as message_en
    from peer_outliers

),

all_issues as (

    select * from gate_issues
    union all
    select * from warehouse_issues

),

final as (

    select
        all_issues.issue_id,
        all_issues.submission_id,
        submissions.file_name,
        submissions.province_key,
        submissions.period_code,
        submissions.reporter,
        submissions.status as submission_status,
        current_submissions.submission_id is not null as is_current,
        all_issues.found_by,
        all_issues.rule_id,
        all_issues.severity,
        all_issues.sheet,
        all_issues.sheet_row,
        all_issues.sheet_column,
        all_issues.cell,
        all_issues.indicator_code,
        all_issues.message_vi,
        all_issues.message_en
    from all_issues
    inner join submissions
        on all_issues.submission_id = submissions.submission_id
    left join current_submissions
        on all_issues.submission_id = current_submissions.submission_id

)

select * from final
