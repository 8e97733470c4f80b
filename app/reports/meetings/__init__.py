"""组织生活's documents: the single 会议记录 (PDF, DOCX), the year's book, the 三会一课 统计表, the flat list
of the year's meetings and the 谈心谈话 记录."""
