-- Current values with every warning on them: those the gate raised at ingest (flag_reasons from the file's
-- own checks) and the peer outliers found once all provinces are in. One list of reasons, so the facts,
-- the explorer's ⚠ and fct_quality_issues always agree.
with

values_current as (

    select * from {{ ref('int_indicator_values__current') }}

),

peer_outliers as (

    select * from {{ ref('int_quality__peer_outliers') }}

),

final as (

    select
        values_current.province_key,
        values_current.period_code,
        values_current.period_type,
        values_current.year,
        values_current.reporter,
        values_current.indicator_code,
        values_current.value,
        values_current.target,
        values_current.submission_id,
        values_current.provenance,
        values_current.provenance_note,
        values_current.obs_status,
        coalesce(values_current.is_flagged, false) or peer_outliers.submission_id is not null as is_flagged,
        case
            when peer_outliers.submission_id is null then values_current.flag_reasons
            when values_current.flag_reasons is null then 'peer_outlier'
            else values_current.flag_reasons || '; peer_outlier'
        end as flag_reasons
    from values_current
    left join peer_outliers
        on
            values_current.submission_id = peer_outliers.submission_id
            and values_current.indicator_code = peer_outliers.indicator_code

)

select * from final
