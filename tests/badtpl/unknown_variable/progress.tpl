@title 标题
本单位：{{ institution.nmae }}。
