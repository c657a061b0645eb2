Feature: F
  Rule: R
    Scenario: S
      Given a
    @orphan @tags
    # and a comment
