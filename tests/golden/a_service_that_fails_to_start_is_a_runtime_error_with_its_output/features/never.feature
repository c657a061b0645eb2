Feature: Never runs

  Scenario: The service did not start
    Given address "@services.broken.url"
    When the URL is invoked
