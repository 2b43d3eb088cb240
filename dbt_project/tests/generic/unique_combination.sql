{# The grain of a table: no two rows share these columns. #}
{% test unique_combination(model, combination) %}
    select {{ combination | join(', ') }}, count(*) as n_rows
    from {{ model }}
    group by {{ combination | join(', ') }}
    having count(*) > 1
{% endtest %}
