"""民主评议's documents: the 民主测评表 ballot, the 结果统计表, the per-member 登记表 and the 情况报告."""
