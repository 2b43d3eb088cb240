with

source as (

    select * from {{ ref('periods') }}

),

renamed as (

    select
        period_code,
        period_type,
        year,
        start_date,
        end_date
    from source

)

select * from renamed
