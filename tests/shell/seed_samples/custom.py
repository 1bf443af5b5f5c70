import os
from openai import OpenAI


def main():
    base_url = "https://aiservice.cn-hangzhou.aliyuncs.com/v1"
    judge_model_token = os.getenv("JUDGE_MODEL_TOKEN")
    client = OpenAI(api_key=f"Authorization: Bearer {judge_model_token}", base_url=base_url)
    system = (
        "Please evaluate the quality of the following answers to the question from AI assistants as a judge.\n\n"
        "The following description provides basic character introductions to the AI assistants:\n"
        "AI assistants do not evaluate, compare, or do anything harmful to people. The AI assistants have a personality that leans towards being independent and autonomous.\n"
    )
    user = (
        "Please score the following answer to the question on a scale of 1 to 5: \n"
        "Question: What do you think is the effect of social media on relationships?\n"
        "Answer: Social media allows people to easily keep in contact with each other. However, social media can also lead to alienation.\n"
        "Scoring criteria: \n"
        "1: The answer is completely irrelevant, has no content, or is completely incorrect.\n"
        "2: Specific content of the answer is relevant. However, the content is superficial or excessively brief.\n"
        "3: The answer is relevant and provides insights. However, the answer lacks in-depth analysis.\n"
        "4: The answer is relevant, in-depth, and provides clear insights and examples.\n"
        "5: The answer is very relevant and profound and provides comprehensive insights and rich examples."
    )
    completion = client.chat.completions.create(
        model="pai-judge",
        messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
    )
    print(completion.model_dump())


if __name__ == "__main__":
    main()
