@wip
