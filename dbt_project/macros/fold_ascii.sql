{# Vietnamese name without diacritics ('Hà Tĩnh' -> 'Ha Tinh'); dialect code lives only here. #}
{% macro fold_ascii(expression) -%}
    {{ return(adapter.dispatch('fold_ascii', 'htx_warehouse')(expression)) }}
{%- endmacro %}

{% macro default__fold_ascii(expression) -%}
    translate(
        {{ expression }},
        'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ',
        'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydAAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYD'
    )
{%- endmacro %}

{% macro duckdb__fold_ascii(expression) -%}
    strip_accents(replace(replace({{ expression }}, 'đ', 'd'), 'Đ', 'D'))
{%- endmacro %}
