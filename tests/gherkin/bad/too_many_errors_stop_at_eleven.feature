Feature: F
  Scenario: S
    Given a
    junk line 1
    junk line 2
    junk line 3
    junk line 4
    junk line 5
    junk line 6
    junk line 7
    junk line 8
    junk line 9
    junk line 10
    junk line 11
    junk line 12
    junk line 13
    junk line 14
    junk line 15
