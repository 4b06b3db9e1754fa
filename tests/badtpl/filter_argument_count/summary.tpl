@title {{ plan.title | truncate }}
