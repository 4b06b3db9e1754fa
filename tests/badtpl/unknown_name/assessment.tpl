@title {{ instituton.name }}
