@title 标题
得分：{{ institution.total | fixed("两") }}
