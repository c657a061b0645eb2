# -*- coding: utf-8 -*-
from behave import given
from zato.apitest.util import obtain_values
