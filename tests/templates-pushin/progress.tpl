{#- Push-in (linebreak.h) on the 28-character grid: the second line of the first paragraph holds 29 characters,
    the blank halves after ” and ） taken out; the second cannot (UMing centres 。) and pushes 吕 out instead. -#}
@title 标点挤压
甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄“宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律”），剑号巨阙珠称夜光。

甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕。”）果珍李柰菜重芥姜。

甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕，“海咸河淡，鳞潜羽翔。”
