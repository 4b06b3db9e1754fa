@title {{ plan.title | replace("[", "") }}
