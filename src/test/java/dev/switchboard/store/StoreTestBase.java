package dev.switchboard.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/** Opens a fresh store per test (named after it) and closes it afterwards. */
abstract class StoreTestBase {

    private TestInfo test;
    protected StoreFixture fx;

    @BeforeEach
    void remember(TestInfo test) {
        this.test = test;
    }

    @AfterEach
    void closeStore() {
        if (fx != null) {
            fx.close();
        }
    }

    protected StoreFixture openFixture(Db db) {
        fx = StoreFixture.open(db, test);
        return fx;
    }
}
