with

values_current as (

    select * from {{ ref('int_indicator_values__current') }}

),

final as (

    select
        province_key,
        period_code,
        period_type,
        reporter,
        indicator_code,
        value,
        target,
        submission_id,
        'structured' as source_type,
        provenance,
        provenance_note,
        is_flagged,
        flag_reasons
    from values_current

)

select * from final
