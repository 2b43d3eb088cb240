{# Schemas are named exactly as configured (`marts`, `staging`): the contract promises `marts.*`. #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name if custom_schema_name is not none else target.schema }}
{%- endmacro %}
