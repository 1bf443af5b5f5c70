import os
from openai import OpenAI


def main():
    base_url = "https://aiservice.cn-hangzhou.aliyuncs.com/v1"
    judge_model_token = os.getenv("JUDGE_MODEL_TOKEN")
    client = OpenAI(api_key=f"Authorization: Bearer {judge_model_token}", base_url=base_url)
    completion = client.chat.completions.create(
        model="pai-judge",
        messages=[
            {
                "role": "user",
                "content": [
                    {
                        "mode": "pairwise",
                        "type": "json",
                        "json": {
                            "question": "According to the first couplet, give the second couplet. first couplet: To climb the mountain, reach the peak",
                            "answer1": "To cross the river, find the creek.",
                            "answer2": "To chase the dream, grasp the star.",
                        },
                    }
                ],
            }
        ],
    )
    print(completion.model_dump())


if __name__ == "__main__":
    main()
