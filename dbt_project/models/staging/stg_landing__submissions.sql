with

source as (

    select * from {{ source('landing', 'submissions') }}

),

renamed as (

    select
        submission_id,
        sha256,
        file_name,
        cast(received_at as timestamp) as received_at,
        cast(submitted_at as timestamp) as submitted_at,
        province_key,
        period_code,
        reporter,
        status,
        cast(n_errors as integer) as n_errors,
        cast(n_warnings as integer) as n_warnings,
        cast(withdrawn_at as timestamp) as withdrawn_at,
        withdrawn_by,
        withdrawal_reason,
        prepared_by,
        note,
        obs_status
    from source

)

select * from renamed
