-- Effective cooperatives (tốt + khá) and those meeting criterion 13.1 are among the active ones.
with

cooperatives as (

    select * from {{ ref('fct_cooperatives') }}

)

select
    boundary,
    province_key,
    period_code,
    reporter,
    coops_effective,
    coops_ntm_13_1,
    coops_total
from cooperatives
where
    is_complete
    and (coops_effective > coops_total or coops_ntm_13_1 > coops_total)
