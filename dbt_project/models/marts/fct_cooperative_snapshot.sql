-- One row per cooperative listed in the current version of each accepted submission.
with

current_submissions as (

    select * from {{ ref('int_submissions__current') }}

),

cooperatives as (

    select * from {{ ref('stg_landing__cooperatives') }}

),

final as (

    select
        current_submissions.province_key,
        current_submissions.period_code,
        current_submissions.reporter,
        cooperatives.submission_id,
        cooperatives.coop_id,
        cooperatives.name,
        cooperatives.commune,
        cooperatives.sector,
        cooperatives.founded_on,
        cooperatives.status,
        cooperatives.members,
        cooperatives.workers,
        cooperatives.charter_capital,
        cooperatives.revenue,
        cooperatives.profit,
        cooperatives.income_avg_month,
        cooperatives.rating,
        cooperatives.sheet_row,
        cooperatives.is_flagged,
        cooperatives.flag_reasons
    from cooperatives
    inner join current_submissions
        on cooperatives.submission_id = current_submissions.submission_id

)

select * from final
