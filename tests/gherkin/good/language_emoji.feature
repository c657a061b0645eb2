# language: em
📚: Emoji keywords
  📕: A scenario
    😐 a given
    🎬 an action
    🙏 an outcome
